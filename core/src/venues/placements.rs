//! Where an occurrence could go in one venue: the first slots of every free run of the
//! needed length inside its windows and the venue's open hours.

use super::clock::Clock;
use super::menu::VenueEntry;
use super::records::TimeWindow;
use super::validate::MAX_WINDOW_DAYS;

/// What a venue offers an occurrence.
#[derive(Debug, Default)]
pub(crate) struct Offer {
    /// Whether the venue is open long enough somewhere in the windows (booked or not).
    pub(crate) open: bool,
    /// The free first slots, ascending, each once.
    pub(crate) starts: Vec<i64>,
}

/// The free first slots of `len` consecutive slots in `venue` inside `windows`. With
/// `per_window_first`, only the earliest start of each window.
pub(crate) fn offer(
    clock: Clock,
    venue: &VenueEntry,
    windows: &[TimeWindow],
    len: i64,
    per_window_first: bool,
) -> Offer {
    let mut out = Offer::default();
    for w in windows {
        let (lo, hi) = (clock.ceil(w.start), clock.floor(w.end));
        if hi - lo < len {
            continue;
        }
        let found_before = out.starts.len();
        let days = w
            .start
            .date()
            .iter_days()
            .take_while(|d| *d <= w.end.date())
            .take(MAX_WINDOW_DAYS as usize + 2);
        'days: for date in days {
            for (a, b) in venue.schedule.open_ranges(clock, date) {
                let (a, b) = (a.max(lo), b.min(hi));
                if b - a < len {
                    continue;
                }
                out.open = true;
                let mut x = a;
                if let Some((_, (e, _))) = venue.calendar.range(..a).next_back() {
                    x = x.max(*e);
                }
                for (&s, &(e, _)) in venue.calendar.range(a..b) {
                    if s - x >= len {
                        out.starts.extend(x..=s - len);
                    }
                    x = x.max(e);
                }
                if b - x >= len {
                    out.starts.extend(x..=b - len);
                }
                if per_window_first && out.starts.len() > found_before {
                    out.starts.truncate(found_before + 1);
                    break 'days;
                }
            }
        }
    }
    out.starts.sort_unstable();
    out.starts.dedup();
    out
}
