import { graphql } from "../../gql/index.ts";

export const OrganisationsQuery = graphql(`
  query Organisations($first: Int, $after: String) {
    organisations(first: $first, after: $after) {
      nodes {
        id
        name
        businessId
        customerSince
        relationshipEndedOn
        contactDataPurgedOn
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// Contact persons are personal data: asked for one organisation at a time, and each staff
// read is audited by the server.
export const OrganisationContactsQuery = graphql(`
  query OrganisationContacts($id: UUID!) {
    organisation(id: $id) {
      id
      name
      address
      contactPersons {
        id
        role
        name
        email
        phone
      }
    }
  }
`);

export const CreateOrganisationMutation = graphql(`
  mutation CreateOrganisation($input: OrganisationInput!) {
    createOrganisation(input: $input) {
      id
      name
    }
  }
`);
