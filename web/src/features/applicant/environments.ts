// Only environments that are registered and certified today can be named: a permit needs one
// that is valid on the decision date, so offering others only leads to a refused proposal.
import type { Option } from "../../components/form/index.ts";
import type { EnvironmentStatus } from "../../gql/graphql.ts";

export interface EnvironmentFacts {
  id: string;
  name: string;
  provider: string;
  status: EnvironmentStatus;
  certificateValidUntil: string;
}

export function usableEnvironmentOptions(environments: readonly EnvironmentFacts[], today: string): Option[] {
  return environments
    .filter((e) => e.status === "REGISTERED" && e.certificateValidUntil >= today)
    .map((e) => ({ value: e.id, label: `${e.name} (${e.provider})` }));
}
