// The GraphQL operations of what happens after the permit: delivery orders with their
// preparation runs, and output requests with their disclosure-check reports (types in src/gql/
// via `npm run codegen`). Uploads and the preparation stream are plain HTTP: outputUpload.ts
// and preparation.ts.
import { graphql } from "../../gql/index.ts";

export const DeliveryOrderRowFragment = graphql(`
  fragment DeliveryOrderRow on DeliveryOrder {
    id
    version
    state
    applicationId
    diaryNumber
    kind
    permitId
    dataControllerName
    registerName
    extractionDate
    dueDate
    overdue
    daysLeft
  }
`);

export const DeliveryOrdersQuery = graphql(`
  query DeliveryOrders($filter: DeliveryOrderFilter, $first: Int, $after: String) {
    deliveryOrders(filter: $filter, first: $first, after: $after) {
      nodes {
        ...DeliveryOrderRow
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const DeliveryOrderDetailFragment = graphql(`
  fragment DeliveryOrderDetail on DeliveryOrder {
    ...DeliveryOrderRow
    variables
    periodFrom
    periodTo
    cohortDefinition
    processingEnvironmentName
    cancellationReason
    createdAt
    updatedAt
    history {
      at
      actorName
      fromState
      toState
      comment
    }
    preparationRuns {
      id
      startedAt
      finishedAt
      completed
      via
      runBy
      rowsRead
      droppedAsObjectors
      invalid
      written
      invalidLines
      keyId
    }
  }
`);

export const DeliveryOrderQuery = graphql(`
  query DeliveryOrder($id: UUID!) {
    deliveryOrder(id: $id) {
      ...DeliveryOrderDetail
    }
  }
`);

export const MarkDeliveryOrderReceivedMutation = graphql(`
  mutation MarkDeliveryOrderReceived($id: UUID!, $version: Int!) {
    markDeliveryOrderReceived(id: $id, version: $version) {
      ...DeliveryOrderDetail
    }
  }
`);

export const MarkDeliveryOrderDeliveredMutation = graphql(`
  mutation MarkDeliveryOrderDelivered($id: UUID!, $version: Int!) {
    markDeliveryOrderDelivered(id: $id, version: $version) {
      ...DeliveryOrderDetail
    }
  }
`);

export const CancelDeliveryOrderMutation = graphql(`
  mutation CancelDeliveryOrder($id: UUID!, $version: Int!, $reason: String!) {
    cancelDeliveryOrder(id: $id, version: $version, reason: $reason) {
      ...DeliveryOrderDetail
    }
  }
`);

/** The permit page's sections: its orders and its output requests (the holder's own). */
export const PermitAfterwardsQuery = graphql(`
  query PermitAfterwards($permitId: UUID!) {
    deliveryOrders(filter: { permitId: $permitId }, first: 100) {
      nodes {
        ...DeliveryOrderRow
      }
    }
    outputRequests(filter: { permitId: $permitId }, first: 100) {
      nodes {
        ...OutputRequestRow
      }
    }
  }
`);

export const OutputRequestRowFragment = graphql(`
  fragment OutputRequestRow on OutputRequest {
    id
    version
    state
    permitId
    deliveryOrderId
    diaryNumber
    description
    submission
    submittedAt
    submittedByName
    status
    awaitingSecondApproval
    reviewerName
  }
`);

export const OutputRequestsQuery = graphql(`
  query OutputRequests($filter: OutputRequestFilter, $first: Int, $after: String) {
    outputRequests(filter: $filter, first: $first, after: $after) {
      nodes {
        ...OutputRequestRow
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const OutputFileDetailFragment = graphql(`
  fragment OutputFileDetail on OutputFile {
    id
    name
    kind
    sizeBytes
    sha256
    status
    downloadUrl
    findings {
      row
      column
      rowLabel
      columnLabel
      rule
      status
      explanation
    }
  }
`);

export const OutputRequestDetailFragment = graphql(`
  fragment OutputRequestDetail on OutputRequest {
    ...OutputRequestRow
    secondApproverName
    decisionReason
    files {
      ...OutputFileDetail
    }
    submissions {
      number
      submittedAt
      description
      files {
        ...OutputFileDetail
      }
    }
    overrides {
      fileId
      row
      column
      rule
      reason
      byName
    }
    history {
      at
      actorName
      fromState
      toState
      comment
    }
  }
`);

export const OutputRequestQuery = graphql(`
  query OutputRequest($id: UUID!) {
    outputRequest(id: $id) {
      ...OutputRequestDetail
    }
  }
`);

export const StartOutputReviewMutation = graphql(`
  mutation StartOutputReview($id: UUID!, $version: Int!) {
    startOutputReview(id: $id, version: $version) {
      ...OutputRequestDetail
    }
  }
`);

export const ApproveOutputRequestMutation = graphql(`
  mutation ApproveOutputRequest($id: UUID!, $version: Int!, $overrides: [OutputOverrideInput!]) {
    approveOutputRequest(id: $id, version: $version, overrides: $overrides) {
      ...OutputRequestDetail
    }
  }
`);

export const ConfirmOutputApprovalMutation = graphql(`
  mutation ConfirmOutputApproval($id: UUID!, $version: Int!) {
    confirmOutputApproval(id: $id, version: $version) {
      ...OutputRequestDetail
    }
  }
`);

export const RequestOutputChangesMutation = graphql(`
  mutation RequestOutputChanges($id: UUID!, $version: Int!, $reason: String!) {
    requestOutputChanges(id: $id, version: $version, reason: $reason) {
      ...OutputRequestDetail
    }
  }
`);

export const RejectOutputRequestMutation = graphql(`
  mutation RejectOutputRequest($id: UUID!, $version: Int!, $reason: String!) {
    rejectOutputRequest(id: $id, version: $version, reason: $reason) {
      ...OutputRequestDetail
    }
  }
`);

export const ReleaseOutputMutation = graphql(`
  mutation ReleaseOutput($id: UUID!, $version: Int!) {
    releaseOutput(id: $id, version: $version) {
      ...OutputRequestDetail
    }
  }
`);
