// The whole case as staff and applicants see it (the server hides what a caller may not read:
// internal remarks and the pending proposal for applicants).
import { graphql } from "../../gql/index.ts";

export const ProcessorFieldsFragment = graphql(`
  fragment ProcessorFields on Processor {
    firstName
    lastName
    organisation
    ndaSigned
  }
`);

export const CaseDetailFragment = graphql(`
  fragment CaseDetail on Application {
    id
    kind
    state
    version
    diaryNumber
    applicantId
    applicantName
    organisation {
      id
      name
      businessId
    }
    organisationName
    businessId
    contactEmail
    billingReference
    feeNotice {
      recipient
      email
      amountCents
      queuedAt
      deliveredAt
      deadAt
    }
    title
    publicSummary
    purpose
    researchPlan
    dataSources {
      dataSourceId
      dataControllerName
      dataSourceName
      variables
      periodFrom
      periodTo
    }
    cohortDefinition
    minimisationJustification
    processors {
      ...ProcessorFields
    }
    permitId
    amendment {
      changes
      newValidUntil
      addProcessors {
        ...ProcessorFields
      }
      removeProcessors {
        ...ProcessorFields
      }
      newEnvironmentId
      newEnvironment {
        id
        name
      }
      combinePermitIds
      combinePermits {
        id
        decisionNumber
        status
        validUntil
      }
    }
    processingEnvironment {
      id
      name
      provider
    }
    requestedValidityEnd
    ethicsStatementNeeded
    ethicsReference
    dpiaDone
    isThesis
    applicantOutsideEea
    presenter {
      id
      name
    }
    submittedAt
    draftDeletionDate
    draftDeletionWarning
    deadline {
      startedOn
      dueOn
      paused
      pausedDays
      extended
      extensionReason
      overdue
    }
    proposal {
      outcome
      reasoning
      conditions
      grantedDataSourceIds
      validUntil
      fee {
        category
        amountCents
      }
      proposedBy
      proposedAt
    }
    suggestedFee {
      category
      amountCents
    }
    decision {
      id
      decisionNumber
      documentUrl
      decidedOn
      outcome
      reasoning
      conditions
      grantedDataSourceIds
      validUntil
      fee {
        category
        amountCents
      }
      presenter {
        id
        name
      }
      decider {
        id
        name
      }
      editedByDecider
    }
    permit {
      id
      decisionNumber
      validUntil
      status
    }
    history {
      id
      occurredAt
      actor {
        id
        name
      }
      actorRole
      action
      fromState
      toState
      comment
    }
    remarks {
      id
      visibility
      author {
        id
        name
      }
      body
      createdAt
    }
    informationRequests {
      id
      number
      requestedAt
      respondBy
      answeredAt
      items {
        id
        number
        question
        answer
        answeredAt
        resolved
      }
    }
    attachments {
      id
      kind
      fileName
      mediaType
      sizeBytes
      uploadedAt
      downloadUrl
    }
    changesSinceSubmission {
      field
      before
      after
    }
    createdAt
    updatedAt
  }
`);

export const CaseQuery = graphql(`
  query Case($id: UUID!) {
    application(id: $id) {
      ...CaseDetail
    }
  }
`);

export const AddRemarkMutation = graphql(`
  mutation AddRemark($applicationId: UUID!, $visibility: RemarkVisibility!, $body: String!) {
    addRemark(applicationId: $applicationId, visibility: $visibility, body: $body) {
      ...CaseDetail
    }
  }
`);

export const QueueQuery = graphql(`
  query Queue($filter: ApplicationQueueFilter, $orderBy: ApplicationQueueOrder, $first: Int, $after: String) {
    applicationQueue(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
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
        applicantName
        organisationName
        submittedAt
        presenter {
          id
          name
        }
        deadline {
          dueOn
          paused
          overdue
          dueSoon
          daysLeft
        }
        proposal {
          outcome
          proposedAt
        }
      }
    }
  }
`);
