// The registry clerk's GraphQL operations (types in src/gql/ via `npm run codegen`).
import { graphql } from "../../gql/index.ts";

export const RecordObjectionDocument = graphql(`
  mutation RecordObjection($input: RecordObjectionInput!) {
    recordObjection(input: $input) {
      created
      objection {
        id
        maskedIdentityCode
        status
        channel
        identityVerification
        receivedOn
        processedOn
        representationBasis
      }
    }
  }
`);
