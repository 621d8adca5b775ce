import { graphql } from "../../gql/index.ts";

export const DecideMutation = graphql(`
  mutation Decide($id: UUID!, $version: Int!, $input: DecisionInput!) {
    decide(id: $id, version: $version, input: $input) {
      ...CaseDetail
    }
  }
`);

export const ReturnForPreparationMutation = graphql(`
  mutation ReturnForPreparation($id: UUID!, $version: Int!, $reason: String!) {
    returnForPreparation(id: $id, version: $version, reason: $reason) {
      ...CaseDetail
    }
  }
`);

export const ExtendDeadlineMutation = graphql(`
  mutation ExtendDeadline($id: UUID!, $version: Int!, $dueOn: Date!, $reason: String!) {
    extendDeadline(id: $id, version: $version, dueOn: $dueOn, reason: $reason) {
      ...CaseDetail
    }
  }
`);
