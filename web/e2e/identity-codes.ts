// Synthetic identity codes for the registry journeys: temporary codes only (individual
// numbers 900-999, which no real person has; the dev server accepts them, DESIGN.md
// section 5), as tests/api/objections.rs uses. Random so that journeys sharing one server
// never meet each other's objections. Never print them: test names and messages use roles.
const CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY";

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** A valid temporary code for a person born on the given day. */
export function temporaryCode(year: number, month: number, day: number, individual: number): string {
  if (individual < 900 || individual > 999) throw new RangeError("temporary codes only");
  const sign = year >= 2000 ? "A" : year >= 1900 ? "-" : "+";
  const digits = `${pad(day, 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(individual, 3)}`;
  return `${digits.slice(0, 6)}${sign}${digits.slice(6)}${CHECK[Number(digits) % 31]}`;
}

const random = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));

/** Someone born between the given years. */
export function randomCode(fromYear: number, toYear: number): string {
  return temporaryCode(random(fromYear, toYear), random(1, 12), random(1, 28), random(900, 999));
}

/**
 * Someone born between 1940 and 1999: the people journeys file objections for. Cohort lists
 * pad themselves with people born before 1940, so they never meet another test's objector.
 */
export function randomAdultCode(): string {
  return randomCode(1940, 1999);
}

/** Someone born 2012-2020: a minor for years to come. */
export function randomMinorCode(): string {
  return randomCode(2012, 2020);
}

/** The same code with a wrong check character. */
export function withWrongCheck(code: string): string {
  const at = CHECK.indexOf(code[10]);
  return code.slice(0, 10) + CHECK[(at + 1) % CHECK.length];
}

/** What the server shows instead of the code: birth date and century sign only. */
export function masked(code: string): string {
  return `${code.slice(0, 7)}****`;
}
