//! Horizontal bar charts as inline SVG: one row per grid or area, labels on the left, the
//! figure at the end of each bar, and a tooltip (`<title>`) with the counts behind it.

use std::fmt::Write as _;

use super::esc;

/// One row of a coverage chart: a share from 0 to 1, and optionally the share after a plan.
pub(super) struct Bar {
    pub label: String,
    pub value: f64,
    pub second: Option<f64>,
    pub note: String,
}

/// One row of an hours chart: a total and the part of it in use.
pub(super) struct Pair {
    pub label: String,
    pub total: f64,
    pub part: f64,
}

const LABEL: f64 = 190.0;
const PLOT: f64 = 420.0;
const ROW: f64 = 22.0;
const WIDTH: f64 = LABEL + PLOT + 70.0;

fn open(out: &mut String, title: &str, rows: usize) -> f64 {
    let height = ROW * rows as f64 + 28.0;
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{t}\" \
         viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" style=\"max-width:{WIDTH}px\">\
         <title>{t}</title>",
        t = esc(title)
    );
    height
}

fn axis(out: &mut String, height: f64, ticks: &[(f64, String)]) {
    for (x, text) in ticks {
        let x = LABEL + x;
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"4\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            height - 22.0,
            height - 8.0,
            esc(text)
        );
    }
}

/// Coverage per row as a share of the plot's width; a darker, thinner bar shows the share
/// after the plan where there is one.
pub(super) fn coverage_chart(title: &str, bars: &[Bar]) -> String {
    let mut out = String::new();
    let height = open(&mut out, title, bars.len());
    let ticks: Vec<(f64, String)> = (0..=4)
        .map(|i| (PLOT * f64::from(i) / 4.0, format!("{}%", i * 25)))
        .collect();
    axis(&mut out, height, &ticks);
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let w = PLOT * b.value.clamp(0.0, 1.0);
        let mut tip = format!("{}: {:.1}% ({})", b.label, 100.0 * b.value, b.note);
        if let Some(s) = b.second {
            let _ = write!(tip, "; {:.1}% after the plan", 100.0 * s);
        }
        let _ = write!(
            out,
            "<g><title>{}</title><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#e57373\"/>",
            esc(&tip),
            LABEL - 6.0,
            y + 14.0,
            esc(&b.label),
            ROW - 6.0
        );
        let mut end = w;
        if let Some(s) = b.second {
            let w2 = PLOT * s.clamp(0.0, 1.0);
            end = end.max(w2);
            let _ = write!(
                out,
                "<rect x=\"{LABEL}\" y=\"{:.1}\" width=\"{w2:.1}\" height=\"6\" fill=\"#8a1414\"/>",
                y + ROW - 11.0
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\">{:.0}%</text></g>",
            LABEL + end + 4.0,
            y + 14.0,
            100.0 * b.value
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Hours per row: the total as a light bar, the part in use as a dark one over it.
pub(super) fn hours_chart(title: &str, bars: &[Pair]) -> String {
    let mut out = String::new();
    let height = open(&mut out, title, bars.len());
    let max = bars.iter().map(|b| b.total.max(b.part)).fold(0.0, f64::max);
    let scale = if max > 0.0 { PLOT / max } else { 0.0 };
    let step = nice_step(max);
    let mut ticks = Vec::new();
    let mut t = 0.0;
    while step > 0.0 && t <= max + 1e-9 {
        ticks.push((t * scale, format!("{t:.0} h")));
        t += step;
    }
    axis(&mut out, height, &ticks);
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let _ = writeln!(
            out,
            "<g><title>{}: {:.1} hours open, {:.1} booked</title>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#f3c6c6\"/>\
             <rect x=\"{LABEL}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#b71c1c\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{:.0} / {:.0} h</text></g>",
            esc(&b.label),
            b.total,
            b.part,
            LABEL - 6.0,
            y + 14.0,
            esc(&b.label),
            b.total * scale,
            ROW - 6.0,
            b.part * scale,
            ROW - 6.0,
            LABEL + b.total.max(b.part) * scale + 4.0,
            y + 14.0,
            b.part,
            b.total
        );
    }
    out.push_str("</svg>\n");
    out
}

/// A round tick step giving four to ten ticks up to `max`.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 0.0;
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| max / s <= 10.0 && *s >= raw)
        .unwrap_or(10.0 * mag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(100.0), 20.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(0.0), 0.0);
    }

    #[test]
    fn charts_are_svg_with_one_group_per_row() {
        let svg = coverage_chart(
            "t",
            &[Bar {
                label: "<G1>".into(),
                value: 0.5,
                second: Some(1.0),
                note: "1 of 2 covered".into(),
            }],
        );
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<g>").count(), 1);
        assert!(svg.contains("&lt;G1&gt;") && svg.contains("50%"));
    }
}
