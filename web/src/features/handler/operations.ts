import { graphql } from "../../gql/index.ts";

export const TakeApplicationMutation = graphql(`
  mutation TakeApplication($id: UUID!, $version: Int!) {
    takeApplication(id: $id, version: $version) {
      ...CaseDetail
    }
  }
`);

export const RequestInformationMutation = graphql(`
  mutation RequestInformation($id: UUID!, $version: Int!, $items: [String!]!, $respondBy: Date) {
    requestInformation(id: $id, version: $version, items: $items, respondBy: $respondBy) {
      ...CaseDetail
    }
  }
`);

export const ResolveItemMutation = graphql(`
  mutation ResolveInformationRequestItem($id: UUID!, $itemId: UUID!) {
    resolveInformationRequestItem(id: $id, itemId: $itemId) {
      ...CaseDetail
    }
  }
`);

export const ProposeDecisionMutation = graphql(`
  mutation ProposeDecision($id: UUID!, $version: Int!, $input: ProposalInput!) {
    proposeDecision(id: $id, version: $version, input: $input) {
      ...CaseDetail
    }
  }
`);
