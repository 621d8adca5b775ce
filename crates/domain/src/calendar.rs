//! Dates as the authority counts them: in Finnish local time, with month arithmetic that
//! clamps to the end of shorter months.

use time::{Date, Duration, Month, OffsetDateTime, UtcOffset, Weekday};

/// The calendar date in Finland (EET, UTC+2; EEST, UTC+3 from the last Sunday of March
/// to the last Sunday of October, switching at 01:00 UTC).
pub fn helsinki_date(at: OffsetDateTime) -> Date {
    let utc = at.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let summer_starts =
        last_sunday(year, Month::March).midnight().assume_utc() + Duration::hours(1);
    let summer_ends =
        last_sunday(year, Month::October).midnight().assume_utc() + Duration::hours(1);
    let hours = if utc >= summer_starts && utc < summer_ends {
        3
    } else {
        2
    };
    (utc + Duration::hours(hours)).date()
}

fn last_sunday(year: i32, month: Month) -> Date {
    let last_day = time::util::days_in_month(month, year);
    let mut date =
        Date::from_calendar_date(year, month, last_day).expect("last day of a month is valid");
    while date.weekday() != Weekday::Sunday {
        date = date.previous_day().expect("within the month");
    }
    date
}

/// `date` plus `months` calendar months; the 31st of a month followed by a shorter one
/// lands on that month's last day (31 January + 1 month = 28 or 29 February).
pub fn add_months(date: Date, months: u32) -> Date {
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months as i32;
    let year = index.div_euclid(12);
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).expect("1..=12");
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("clamped to the month's length")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn month_ends_clamp() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2028 - 01 - 31), 1), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 11 - 30), 3), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 11 - 29), 3), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 08 - 31), 3), date!(2026 - 11 - 30));
        assert_eq!(add_months(date!(2026 - 10 - 15), 3), date!(2027 - 01 - 15));
        assert_eq!(add_months(date!(2026 - 12 - 31), 0), date!(2026 - 12 - 31));
    }

    #[test]
    fn century_leap_years() {
        assert_eq!(add_months(date!(2099 - 11 - 30), 3), date!(2100 - 02 - 28));
        assert_eq!(add_months(date!(2399 - 11 - 30), 3), date!(2400 - 02 - 29));
    }

    #[test]
    fn helsinki_dates_follow_daylight_saving() {
        // Winter: UTC+2.
        assert_eq!(
            helsinki_date(datetime!(2026-01-14 21:59 UTC)),
            date!(2026 - 01 - 14)
        );
        assert_eq!(
            helsinki_date(datetime!(2026-01-14 22:00 UTC)),
            date!(2026 - 01 - 15)
        );
        // Summer: UTC+3.
        assert_eq!(
            helsinki_date(datetime!(2026-07-14 20:59 UTC)),
            date!(2026 - 07 - 14)
        );
        assert_eq!(
            helsinki_date(datetime!(2026-07-14 21:00 UTC)),
            date!(2026 - 07 - 15)
        );
        // The switch days of 2026: 29 March and 25 October, at 01:00 UTC.
        assert_eq!(
            helsinki_date(datetime!(2026-03-28 21:30 UTC)),
            date!(2026 - 03 - 28)
        );
        assert_eq!(
            helsinki_date(datetime!(2026-10-24 21:30 UTC)),
            date!(2026 - 10 - 25)
        );
        assert_eq!(
            helsinki_date(datetime!(2026-10-25 21:30 UTC)),
            date!(2026 - 10 - 25)
        );
    }
}
