// The shell of every page about one case (`:id`): loads it fresh, shows loading and error
// states inside the page, and renders the case once it is there.
import type { ReactNode } from "react";
import { useQuery } from "urql";
import { useParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import type { CaseDetail } from "./CaseViews.tsx";
import { CaseQuery } from "./operations.ts";

export function CaseLoader({
  title,
  loadingTitle,
  children,
}: {
  title: (application: CaseDetail) => string;
  loadingTitle: string;
  children: (application: CaseDetail) => ReactNode;
}) {
  const { id = "" } = useParams();
  const [result, refetch] = useQuery({ query: CaseQuery, variables: { id }, requestPolicy: "network-only" });
  const application = result.data?.application;
  return (
    <Page title={application ? title(application) : loadingTitle}>
      {result.fetching && !application && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch()} />}
      {application && children(application)}
    </Page>
  );
}
