import { graphql } from "../../gql/index.ts";

export const MyApplicationsQuery = graphql(`
  query MyApplications($first: Int, $after: String) {
    myApplications(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        kind
        state
        diaryNumber
        title
        createdAt
        updatedAt
        draftDeletionDate
        draftDeletionWarning
        deadline {
          dueOn
          overdue
        }
      }
    }
  }
`);

export const FormCatalogueQuery = graphql(`
  query FormCatalogue {
    dataControllers {
      id
      name
      sources {
        id
        name
      }
    }
    processingEnvironments {
      id
      name
      provider
      status
      certificateValidUntil
    }
    organisations(first: 100) {
      nodes {
        id
        name
        businessId
        relationshipEndedOn
      }
    }
  }
`);

export const CreateApplicationMutation = graphql(`
  mutation CreateApplication($kind: ApplicationKind!, $input: ApplicationInput!, $permit: UUID, $amendment: AmendmentInput) {
    createApplication(kind: $kind, input: $input, permit: $permit, amendment: $amendment) {
      id
    }
  }
`);

export const UpdateApplicationMutation = graphql(`
  mutation UpdateApplication($id: UUID!, $version: Int!, $input: ApplicationInput!, $amendment: AmendmentInput) {
    updateApplication(id: $id, version: $version, input: $input, amendment: $amendment) {
      ...CaseDetail
    }
  }
`);

export const SubmitApplicationMutation = graphql(`
  mutation SubmitApplication($id: UUID!, $version: Int!) {
    submitApplication(id: $id, version: $version) {
      ...CaseDetail
    }
  }
`);

export const WithdrawApplicationMutation = graphql(`
  mutation WithdrawApplication($id: UUID!, $version: Int!, $reason: String) {
    withdrawApplication(id: $id, version: $version, reason: $reason) {
      ...CaseDetail
    }
  }
`);

export const AnswerInformationRequestMutation = graphql(`
  mutation AnswerInformationRequest($id: UUID!, $version: Int!, $answers: [InformationAnswerInput!]!) {
    answerInformationRequest(id: $id, version: $version, answers: $answers) {
      ...CaseDetail
    }
  }
`);

export const UploadAttachmentMutation = graphql(`
  mutation UploadAttachment($applicationId: UUID!, $kind: AttachmentKind!, $file: Upload!) {
    uploadAttachment(applicationId: $applicationId, kind: $kind, file: $file) {
      id
      fileName
    }
  }
`);

export const PermitForAmendmentQuery = graphql(`
  query PermitForAmendment($id: UUID!) {
    permit(id: $id) {
      id
      decisionNumber
      diaryNumber
      purpose
      status
      validUntil
      processors {
        ...ProcessorFields
      }
      processingEnvironment {
        id
        name
      }
    }
  }
`);

// The holder's permits are those of their own applications: a permit is issued on one.
export const HeldPermitsQuery = graphql(`
  query HeldPermits {
    myApplications(first: 100) {
      nodes {
        id
        title
        permit {
          id
          decisionNumber
          purpose
          status
          validUntil
        }
      }
    }
  }
`);

export const PermitCredentialQuery = graphql(`
  query PermitCredential($id: UUID!) {
    permit(id: $id) {
      id
      credential {
        id
        kid
        issuedAt
      }
    }
  }
`);

// Staff only: the server refuses the history to the holder.
export const PermitCredentialHistoryQuery = graphql(`
  query PermitCredentialHistory($id: UUID!) {
    permit(id: $id) {
      id
      credentialHistory {
        id
        event
        issuedAt
        kid
        amendmentVersion
      }
    }
  }
`);

export const PermitDetailQuery = graphql(`
  query PermitDetail($id: UUID!) {
    permit(id: $id) {
      id
      applicationId
      diaryNumber
      decisionNumber
      status
      validFrom
      validUntil
      combinedInto
      holderOrganisation {
        id
        name
        businessId
      }
      revocationReason
      dataDestroyedOn
      processors {
        ...ProcessorFields
      }
      processingEnvironment {
        id
        name
      }
      grantedDataSources {
        dataSourceId
        dataControllerName
        dataSourceName
      }
      previousVersions {
        version
        validUntil
        processors {
          ...ProcessorFields
        }
        processingEnvironmentId
        grantedDataSourceIds
        replacedAt
        amendmentApplicationId
        amendmentDecisionNumber
      }
      amendments {
        applicationId
        diaryNumber
        state
        decisionNumber
        decidedOn
        outcome
      }
    }
  }
`);
