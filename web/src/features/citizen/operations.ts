// The citizen journey's GraphQL operations (types in src/gql/ via `npm run codegen`).
import { graphql } from "../../gql/index.ts";

export const MyObjectionsDocument = graphql(`
  query MyObjections($first: Int) {
    myObjections(first: $first) {
      nodes {
        id
        maskedIdentityCode
        status
        channel
        representationBasis
        identityVerification
        receivedOn
        processedOn
        withdrawnOn
        version
        createdAt
        filedForRepresentedPerson
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const FileObjectionDocument = graphql(`
  mutation FileObjection($input: FileObjectionInput) {
    fileObjection(input: $input) {
      created
      objection {
        id
        maskedIdentityCode
        status
        processedOn
        filedForRepresentedPerson
      }
    }
  }
`);

export const WithdrawObjectionDocument = graphql(`
  mutation WithdrawObjection($id: UUID!, $version: Int!) {
    withdrawObjection(id: $id, version: $version) {
      id
      status
      withdrawnOn
      version
    }
  }
`);
