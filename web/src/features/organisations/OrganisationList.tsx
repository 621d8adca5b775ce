// A table of organisations, each name a link to the organisation's page, with the states of
// the query that lists them; the register and My organisations differ only in the columns.
import type { ReactNode } from "react";
import type { CombinedError } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";

export interface Column<T> {
  header: string;
  cell: (organisation: T) => ReactNode;
}

interface OrganisationListProps<T> {
  items: readonly T[] | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  onRetry: () => void;
  empty: string;
  caption: (count: number) => string;
  columns: readonly Column<T>[];
}

export function OrganisationList<T extends { id: string; name: string }>(props: OrganisationListProps<T>) {
  const { t } = useI18n();
  const { items } = props;
  return (
    <>
      {props.fetching && !items && <Loading />}
      {props.error && <ErrorState error={fromCombinedError(props.error)} onRetry={props.onRetry} />}
      {items?.length === 0 && (
        <EmptyState>
          <p>{props.empty}</p>
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{props.caption(items.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{t("organisations.name")}</th>
                {props.columns.map((c) => (
                  <th scope="col" key={c.header}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/organisations/${o.id}`}>{o.name}</Link>
                  </th>
                  {props.columns.map((c) => (
                    <td key={c.header}>{c.cell(o)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
