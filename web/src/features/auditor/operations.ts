// The auditor's GraphQL operations (types in src/gql/ via `npm run codegen`).
import { graphql } from "../../gql/index.ts";

export const AuditLogDocument = graphql(`
  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        seq
        occurredAt
        actorId
        actorName
        actorRole
        action
        targetType
        targetId
        outcome
        reason
        clientAddress
        requestId
        details
        hash
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const VerifyAuditLogDocument = graphql(`
  query VerifyAuditLog {
    verifyAuditLog {
      intact
      checked
      head
      firstBreak {
        seq
        entryId
        problem
      }
    }
  }
`);
