// A title or summary with the words the register search matched marked. The API cuts the
// text into segments (joined, they are the text unchanged), so the app never re-tokenises
// Finnish or Swedish: what is marked is exactly what the server's stemmer matched.
import { Fragment } from "react";

export type Segment = { readonly text: string; readonly hit: boolean };

export function Highlighted({ text, segments }: { text: string; segments?: readonly Segment[] | null }) {
  if (!segments || segments.length === 0 || segments.map((s) => s.text).join("") !== text) {
    return <>{text}</>;
  }
  return (
    <>
      {segments.map((segment, i) =>
        segment.hit ? (
          <mark key={i} className="search-hit">
            {segment.text}
          </mark>
        ) : (
          <Fragment key={i}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}

/** Whether any segment is a hit: a summary is shown in the results only when it matched. */
export function hasHit(segments?: readonly Segment[] | null): boolean {
  return !!segments?.some((s) => s.hit);
}
