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

export const CreateOrganisationMutation = graphql(`
  mutation CreateOrganisation($input: OrganisationInput!) {
    createOrganisation(input: $input) {
      id
      name
    }
  }
`);

// One organisation with its contact persons (personal data: a staff read is audited).
export const OrganisationDetailQuery = graphql(`
  query OrganisationDetail($id: UUID!) {
    organisation(id: $id) {
      id
      name
      businessId
      address
      customerSince
      relationshipEndedOn
      contactDataPurgedOn
      version
      contactPersons {
        id
        role
        name
        email
        phone
        userSubject
      }
    }
  }
`);

// An applicant's organisations with their contact persons, to tell which they administer.
export const MyOrganisationsQuery = graphql(`
  query MyOrganisations($first: Int) {
    organisations(first: $first) {
      nodes {
        id
        name
        businessId
        relationshipEndedOn
        contactPersons {
          id
          role
          userSubject
        }
      }
    }
  }
`);

export const UpdateOrganisationMutation = graphql(`
  mutation UpdateOrganisation($id: UUID!, $version: Int!, $input: OrganisationInput!) {
    updateOrganisation(id: $id, version: $version, input: $input) {
      id
      name
      businessId
      address
      customerSince
      version
    }
  }
`);

export const EndCustomerRelationshipMutation = graphql(`
  mutation EndCustomerRelationship($id: UUID!, $version: Int!, $endedOn: Date!) {
    endCustomerRelationship(id: $id, version: $version, endedOn: $endedOn) {
      id
      relationshipEndedOn
      version
    }
  }
`);

export const AddContactPersonMutation = graphql(`
  mutation AddContactPerson($organisationId: UUID!, $version: Int!, $input: ContactPersonInput!) {
    addContactPerson(organisationId: $organisationId, version: $version, input: $input) {
      id
      version
    }
  }
`);

export const UpdateContactPersonMutation = graphql(`
  mutation UpdateContactPerson($organisationId: UUID!, $version: Int!, $contactPersonId: UUID!, $input: ContactPersonInput!) {
    updateContactPerson(organisationId: $organisationId, version: $version, contactPersonId: $contactPersonId, input: $input) {
      id
      version
    }
  }
`);

export const RemoveContactPersonMutation = graphql(`
  mutation RemoveContactPerson($organisationId: UUID!, $version: Int!, $contactPersonId: UUID!) {
    removeContactPerson(organisationId: $organisationId, version: $version, contactPersonId: $contactPersonId) {
      id
      version
    }
  }
`);
