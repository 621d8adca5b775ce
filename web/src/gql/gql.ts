/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      id\n      name\n      roles\n      authenticated\n    }\n  }\n": typeof types.MeDocument,
    "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        seq\n        occurredAt\n        actorId\n        actorRole\n        action\n        targetType\n        targetId\n        outcome\n        reason\n        clientAddress\n        requestId\n        details\n        hash\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query VerifyAuditLog {\n    verifyAuditLog {\n      intact\n      checked\n      head\n      firstBreak {\n        seq\n        entryId\n        problem\n      }\n    }\n  }\n": typeof types.VerifyAuditLogDocument,
    "\n  query MyObjections($first: Int) {\n    myObjections(first: $first) {\n      nodes {\n        id\n        maskedIdentityCode\n        status\n        channel\n        representationBasis\n        identityVerification\n        receivedOn\n        processedOn\n        withdrawnOn\n        version\n        createdAt\n        filedForRepresentedPerson\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": typeof types.MyObjectionsDocument,
    "\n  mutation FileObjection($input: FileObjectionInput) {\n    fileObjection(input: $input) {\n      created\n      objection {\n        id\n        maskedIdentityCode\n        status\n        processedOn\n        filedForRepresentedPerson\n      }\n    }\n  }\n": typeof types.FileObjectionDocument,
    "\n  mutation WithdrawObjection($id: UUID!, $version: Int!) {\n    withdrawObjection(id: $id, version: $version) {\n      id\n      status\n      withdrawnOn\n      version\n    }\n  }\n": typeof types.WithdrawObjectionDocument,
    "\n  mutation RecordObjection($input: RecordObjectionInput!) {\n    recordObjection(input: $input) {\n      created\n      objection {\n        id\n        maskedIdentityCode\n        status\n        channel\n        identityVerification\n        receivedOn\n        processedOn\n        representationBasis\n      }\n    }\n  }\n": typeof types.RecordObjectionDocument,
    "\n  query PublishedDecision($diaryNumber: String!) {\n    publishedDecision(diaryNumber: $diaryNumber) {\n      diaryNumber\n      decisionNumber\n      decidedOn\n      kind\n      outcome\n      purpose\n      title\n      publicSummary\n      holder\n      dataControllers\n      registers {\n        dataController\n        dataControllerCode\n        register\n      }\n      processingEnvironment\n      validFrom\n      validUntil\n      permitStatus\n      amendsDiaryNumber\n      amendments {\n        diaryNumber\n        decisionNumber\n        decidedOn\n        outcome\n      }\n    }\n  }\n": typeof types.PublishedDecisionDocument,
    "\n  query RegisterOptions {\n    dataControllers {\n      code\n      name\n    }\n    decisionStatistics {\n      byYear {\n        key\n      }\n    }\n  }\n": typeof types.RegisterOptionsDocument,
    "\n  query PublishedDecisions($filter: PublishedDecisionFilter, $first: Int!, $after: String) {\n    publishedDecisions(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        diaryNumber\n        decisionNumber\n        decidedOn\n        kind\n        outcome\n        purpose\n        title\n        holder\n        permitStatus\n      }\n    }\n  }\n": typeof types.PublishedDecisionsDocument,
    "\n  query DecisionStatistics {\n    decisionStatistics {\n      total\n      medianProcessingDays\n      byYear {\n        key\n        count\n        medianProcessingDays\n      }\n      byKind {\n        key\n        count\n        medianProcessingDays\n      }\n      byOutcome {\n        key\n        count\n        medianProcessingDays\n      }\n      byPurpose {\n        key\n        count\n        medianProcessingDays\n      }\n    }\n  }\n": typeof types.DecisionStatisticsDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n      name\n      roles\n      authenticated\n    }\n  }\n": types.MeDocument,
    "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        seq\n        occurredAt\n        actorId\n        actorRole\n        action\n        targetType\n        targetId\n        outcome\n        reason\n        clientAddress\n        requestId\n        details\n        hash\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query VerifyAuditLog {\n    verifyAuditLog {\n      intact\n      checked\n      head\n      firstBreak {\n        seq\n        entryId\n        problem\n      }\n    }\n  }\n": types.VerifyAuditLogDocument,
    "\n  query MyObjections($first: Int) {\n    myObjections(first: $first) {\n      nodes {\n        id\n        maskedIdentityCode\n        status\n        channel\n        representationBasis\n        identityVerification\n        receivedOn\n        processedOn\n        withdrawnOn\n        version\n        createdAt\n        filedForRepresentedPerson\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": types.MyObjectionsDocument,
    "\n  mutation FileObjection($input: FileObjectionInput) {\n    fileObjection(input: $input) {\n      created\n      objection {\n        id\n        maskedIdentityCode\n        status\n        processedOn\n        filedForRepresentedPerson\n      }\n    }\n  }\n": types.FileObjectionDocument,
    "\n  mutation WithdrawObjection($id: UUID!, $version: Int!) {\n    withdrawObjection(id: $id, version: $version) {\n      id\n      status\n      withdrawnOn\n      version\n    }\n  }\n": types.WithdrawObjectionDocument,
    "\n  mutation RecordObjection($input: RecordObjectionInput!) {\n    recordObjection(input: $input) {\n      created\n      objection {\n        id\n        maskedIdentityCode\n        status\n        channel\n        identityVerification\n        receivedOn\n        processedOn\n        representationBasis\n      }\n    }\n  }\n": types.RecordObjectionDocument,
    "\n  query PublishedDecision($diaryNumber: String!) {\n    publishedDecision(diaryNumber: $diaryNumber) {\n      diaryNumber\n      decisionNumber\n      decidedOn\n      kind\n      outcome\n      purpose\n      title\n      publicSummary\n      holder\n      dataControllers\n      registers {\n        dataController\n        dataControllerCode\n        register\n      }\n      processingEnvironment\n      validFrom\n      validUntil\n      permitStatus\n      amendsDiaryNumber\n      amendments {\n        diaryNumber\n        decisionNumber\n        decidedOn\n        outcome\n      }\n    }\n  }\n": types.PublishedDecisionDocument,
    "\n  query RegisterOptions {\n    dataControllers {\n      code\n      name\n    }\n    decisionStatistics {\n      byYear {\n        key\n      }\n    }\n  }\n": types.RegisterOptionsDocument,
    "\n  query PublishedDecisions($filter: PublishedDecisionFilter, $first: Int!, $after: String) {\n    publishedDecisions(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        diaryNumber\n        decisionNumber\n        decidedOn\n        kind\n        outcome\n        purpose\n        title\n        holder\n        permitStatus\n      }\n    }\n  }\n": types.PublishedDecisionsDocument,
    "\n  query DecisionStatistics {\n    decisionStatistics {\n      total\n      medianProcessingDays\n      byYear {\n        key\n        count\n        medianProcessingDays\n      }\n      byKind {\n        key\n        count\n        medianProcessingDays\n      }\n      byOutcome {\n        key\n        count\n        medianProcessingDays\n      }\n      byPurpose {\n        key\n        count\n        medianProcessingDays\n      }\n    }\n  }\n": types.DecisionStatisticsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n      roles\n      authenticated\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      name\n      roles\n      authenticated\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        seq\n        occurredAt\n        actorId\n        actorRole\n        action\n        targetType\n        targetId\n        outcome\n        reason\n        clientAddress\n        requestId\n        details\n        hash\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        seq\n        occurredAt\n        actorId\n        actorRole\n        action\n        targetType\n        targetId\n        outcome\n        reason\n        clientAddress\n        requestId\n        details\n        hash\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAuditLog {\n    verifyAuditLog {\n      intact\n      checked\n      head\n      firstBreak {\n        seq\n        entryId\n        problem\n      }\n    }\n  }\n"): (typeof documents)["\n  query VerifyAuditLog {\n    verifyAuditLog {\n      intact\n      checked\n      head\n      firstBreak {\n        seq\n        entryId\n        problem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyObjections($first: Int) {\n    myObjections(first: $first) {\n      nodes {\n        id\n        maskedIdentityCode\n        status\n        channel\n        representationBasis\n        identityVerification\n        receivedOn\n        processedOn\n        withdrawnOn\n        version\n        createdAt\n        filedForRepresentedPerson\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyObjections($first: Int) {\n    myObjections(first: $first) {\n      nodes {\n        id\n        maskedIdentityCode\n        status\n        channel\n        representationBasis\n        identityVerification\n        receivedOn\n        processedOn\n        withdrawnOn\n        version\n        createdAt\n        filedForRepresentedPerson\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FileObjection($input: FileObjectionInput) {\n    fileObjection(input: $input) {\n      created\n      objection {\n        id\n        maskedIdentityCode\n        status\n        processedOn\n        filedForRepresentedPerson\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation FileObjection($input: FileObjectionInput) {\n    fileObjection(input: $input) {\n      created\n      objection {\n        id\n        maskedIdentityCode\n        status\n        processedOn\n        filedForRepresentedPerson\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WithdrawObjection($id: UUID!, $version: Int!) {\n    withdrawObjection(id: $id, version: $version) {\n      id\n      status\n      withdrawnOn\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation WithdrawObjection($id: UUID!, $version: Int!) {\n    withdrawObjection(id: $id, version: $version) {\n      id\n      status\n      withdrawnOn\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordObjection($input: RecordObjectionInput!) {\n    recordObjection(input: $input) {\n      created\n      objection {\n        id\n        maskedIdentityCode\n        status\n        channel\n        identityVerification\n        receivedOn\n        processedOn\n        representationBasis\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RecordObjection($input: RecordObjectionInput!) {\n    recordObjection(input: $input) {\n      created\n      objection {\n        id\n        maskedIdentityCode\n        status\n        channel\n        identityVerification\n        receivedOn\n        processedOn\n        representationBasis\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublishedDecision($diaryNumber: String!) {\n    publishedDecision(diaryNumber: $diaryNumber) {\n      diaryNumber\n      decisionNumber\n      decidedOn\n      kind\n      outcome\n      purpose\n      title\n      publicSummary\n      holder\n      dataControllers\n      registers {\n        dataController\n        dataControllerCode\n        register\n      }\n      processingEnvironment\n      validFrom\n      validUntil\n      permitStatus\n      amendsDiaryNumber\n      amendments {\n        diaryNumber\n        decisionNumber\n        decidedOn\n        outcome\n      }\n    }\n  }\n"): (typeof documents)["\n  query PublishedDecision($diaryNumber: String!) {\n    publishedDecision(diaryNumber: $diaryNumber) {\n      diaryNumber\n      decisionNumber\n      decidedOn\n      kind\n      outcome\n      purpose\n      title\n      publicSummary\n      holder\n      dataControllers\n      registers {\n        dataController\n        dataControllerCode\n        register\n      }\n      processingEnvironment\n      validFrom\n      validUntil\n      permitStatus\n      amendsDiaryNumber\n      amendments {\n        diaryNumber\n        decisionNumber\n        decidedOn\n        outcome\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegisterOptions {\n    dataControllers {\n      code\n      name\n    }\n    decisionStatistics {\n      byYear {\n        key\n      }\n    }\n  }\n"): (typeof documents)["\n  query RegisterOptions {\n    dataControllers {\n      code\n      name\n    }\n    decisionStatistics {\n      byYear {\n        key\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublishedDecisions($filter: PublishedDecisionFilter, $first: Int!, $after: String) {\n    publishedDecisions(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        diaryNumber\n        decisionNumber\n        decidedOn\n        kind\n        outcome\n        purpose\n        title\n        holder\n        permitStatus\n      }\n    }\n  }\n"): (typeof documents)["\n  query PublishedDecisions($filter: PublishedDecisionFilter, $first: Int!, $after: String) {\n    publishedDecisions(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        diaryNumber\n        decisionNumber\n        decidedOn\n        kind\n        outcome\n        purpose\n        title\n        holder\n        permitStatus\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DecisionStatistics {\n    decisionStatistics {\n      total\n      medianProcessingDays\n      byYear {\n        key\n        count\n        medianProcessingDays\n      }\n      byKind {\n        key\n        count\n        medianProcessingDays\n      }\n      byOutcome {\n        key\n        count\n        medianProcessingDays\n      }\n      byPurpose {\n        key\n        count\n        medianProcessingDays\n      }\n    }\n  }\n"): (typeof documents)["\n  query DecisionStatistics {\n    decisionStatistics {\n      total\n      medianProcessingDays\n      byYear {\n        key\n        count\n        medianProcessingDays\n      }\n      byKind {\n        key\n        count\n        medianProcessingDays\n      }\n      byOutcome {\n        key\n        count\n        medianProcessingDays\n      }\n      byPurpose {\n        key\n        count\n        medianProcessingDays\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;