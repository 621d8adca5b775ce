// The retention warning: a draft untouched for six months is deleted (DESIGN.md §2), and in
// the last weeks the server flags it so the applicant can keep it by saving it.
import { useI18n } from "../../i18n/context.tsx";
import { Notice } from "../../components/ui/index.ts";

export interface DraftDeletion {
  draftDeletionDate?: string | null;
  draftDeletionWarning: boolean;
}

export function DraftDeletionNotice({ application }: { application: DraftDeletion }) {
  const { t, formatDate } = useI18n();
  if (!application.draftDeletionWarning || !application.draftDeletionDate) return null;
  return (
    <Notice status="warning" data-testid="draft-deletion">
      {t("applicant.draftDeletion.warning", { date: formatDate(application.draftDeletionDate) })}
    </Notice>
  );
}
