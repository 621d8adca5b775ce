// The person's own access log (issue 20 §3). Types in src/gql/ via `npm run codegen`.
import { graphql } from "../../gql/index.ts";

export const MyAccessLogDocument = graphql(`
  query MyAccessLog($applicationId: UUID, $first: Int, $after: String) {
    myAccessLog(applicationId: $applicationId, first: $first, after: $after) {
      nodes {
        seq
        occurredAt
        kind
        action
        role
        organisation
        subjectType
        subjectId
        reason
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
