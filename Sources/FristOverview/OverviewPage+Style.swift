/// The page's look: inline, so the page needs nothing but itself.
enum PageStyle {
    /// System fonts only (no web fonts); contrast at least 4.5:1 for all text; the page never
    /// scrolls sideways, wide things (timeline, table) scroll in their own boxes.
    static let css = """

        :root{color-scheme:light;--ink:#101828;--muted:#475467;--line:#e4e7ec;--soft:#f2f4f7;\
        --overdue:#b42318;--overdue-bg:#fef3f2;--overdue-line:#fecdca;--done:#067647;--done-bg:#ecfdf3;\
        --done-line:#abefc6;--open:#344054;--open-bg:#f2f4f7;--open-line:#d0d5dd;--today:#1849a9}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;background:#f5f6f8;color:var(--ink);\
        font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif}
        .page{max-width:72rem;margin:0 auto;padding:2rem 1.5rem 3rem}
        h1{margin:0;font-size:2rem;line-height:1.2;letter-spacing:-.01em}
        h2{margin:0;font-size:1.375rem;line-height:1.3}
        h3{margin:1.75rem 0 .6rem;font-size:1rem;line-height:1.3}
        h2,h3,li,a{overflow-wrap:anywhere}
        th,td{overflow-wrap:break-word}
        a{color:var(--today)}
        a:focus-visible{outline:3px solid var(--today);outline-offset:2px}
        .summary{margin:.35rem 0 0;color:var(--muted);font-size:1.0625rem}
        .counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.85rem 0 0;padding:0;list-style:none}
        .chip,.state{display:inline-flex;align-items:center;gap:.4rem;border:1px solid;border-radius:999px;\
        font-weight:600;white-space:nowrap}
        .chip{padding:.2rem .75rem .2rem .55rem;font-size:.9375rem}
        .state{padding:.05rem .6rem .05rem .4rem;font-size:.875rem}
        .overdue{color:var(--overdue);background:var(--overdue-bg);border-color:var(--overdue-line)}
        .done{color:var(--done);background:var(--done-bg);border-color:var(--done-line)}
        .open{color:var(--open);background:var(--open-bg);border-color:var(--open-line)}
        .zero{color:var(--muted);background:#fff;border-color:var(--line);font-weight:500}
        .icon{width:1.05em;height:1.05em;flex:none}
        .contents{margin-top:1.75rem;background:#fff;border:1px solid var(--line);border-radius:12px;padding:.5rem 1.25rem}
        .contents ul{margin:0;padding:0;list-style:none}
        .contents li{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.15rem 1rem;padding:.55rem 0}
        .contents li+li{border-top:1px solid var(--line)}
        .contents a{font-weight:600;text-decoration:none}
        .contents a:hover{text-decoration:underline}
        .contents-counts{color:var(--muted);font-size:.875rem;white-space:nowrap}
        .overdue-text{color:var(--overdue)}
        .project{margin-top:1.5rem;background:#fff;border:1px solid var(--line);border-radius:12px;\
        padding:1.5rem;box-shadow:0 1px 2px rgba(16,24,40,.06)}
        .meta{display:flex;flex-wrap:wrap;gap:.1rem 1.5rem;margin:.35rem 0 0;color:var(--muted)}
        .meta strong{color:var(--ink);font-weight:600}
        .timeline{overflow-x:auto;border:1px solid var(--line);border-radius:8px;background:#fff}
        .timeline svg{display:block;width:100%;min-width:54rem;height:auto}
        .timeline text{font-size:12px;fill:var(--muted)}
        .timeline .year{font-size:14px;font-weight:700;fill:var(--ink);text-anchor:middle}
        .timeline .tick-label{font-size:12px;text-anchor:middle}
        .timeline .band{fill:#f6f7f9}
        .timeline .axis{stroke:#98a2b3;stroke-width:2}
        .timeline .tick{stroke:#98a2b3;stroke-width:1}
        .timeline .tick-year{stroke:#d0d5dd;stroke-width:1}
        .timeline .today line{stroke:var(--today);stroke-width:2;stroke-dasharray:5 3}
        .timeline .today text{fill:var(--today);font-weight:700;font-size:13px;\
        paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
        .note{margin:.5rem 0 0;color:var(--muted);font-size:.875rem}
        .empty{margin:1rem 0 0;color:var(--muted)}
        .table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
        table{width:100%;border-collapse:collapse;font-size:.9375rem}
        th,td{padding:.55rem .75rem;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}
        tbody tr:last-child>*{border-bottom:0}
        thead th{background:var(--soft);color:var(--muted);font-size:.8125rem;font-weight:600;white-space:nowrap}
        tbody th{font-weight:500}
        tbody tr[data-state="overdue"]>*{background:#fffbfa}
        td.date{white-space:nowrap}
        td.date .ack-note{white-space:normal;min-width:12rem}
        .narrow{display:none}
        .sub{display:block;color:var(--muted);font-size:.8125rem;font-weight:400}
        .next{display:grid;gap:.5rem;margin:0;padding:0;list-style:none}
        .next li{display:grid;grid-template-columns:16rem 1fr;gap:.1rem 1rem;padding:.6rem .85rem;\
        border:1px solid var(--line);border-radius:8px}
        .next time{font-weight:600;font-size:.9375rem;white-space:nowrap}
        .next strong{font-weight:500}
        footer{margin-top:2rem;color:var(--muted);font-size:.875rem}
        .visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;\
        clip:rect(0 0 0 0);white-space:nowrap;border:0}
        .symbols{position:absolute;width:0;height:0;overflow:hidden}
        @media (max-width:40rem){
        .page{padding:1.25rem .75rem 2rem}
        h1{font-size:1.625rem}
        h2{font-size:1.1875rem}
        .project{padding:1rem}
        .next li{grid-template-columns:1fr}
        table{font-size:.875rem}
        th,td{padding:.5rem .55rem}
        .wide{display:none}
        .narrow{display:block;margin-top:.3rem}
        td.date .sub{white-space:normal}
        }

        """

    /// The three state shapes, drawn once and used by every marker and label: a red triangle
    /// with "!" (overdue), a green disc with a tick (done), a hollow ring (open), so the
    /// state reads without colour too.
    static let symbols = """
        <svg class="symbols" aria-hidden="true" focusable="false">\
        <symbol id="frist-overdue" viewBox="-8 -8 16 16"><path d="M0-7.2 7.6 6.2H-7.6Z" fill="#b42318" \
        stroke="#b42318" stroke-width="1.2" stroke-linejoin="round"/><path d="M0-2.6V1.4" stroke="#fff" \
        stroke-width="1.8" stroke-linecap="round"/><circle cy="3.9" r="1.05" fill="#fff"/></symbol>\
        <symbol id="frist-done" viewBox="-8 -8 16 16"><circle r="7.2" fill="#067647"/><path \
        d="M-3.4.2-1 2.6 3.6-2.2" fill="none" stroke="#fff" stroke-width="1.9" stroke-linecap="round" \
        stroke-linejoin="round"/></symbol>\
        <symbol id="frist-open" viewBox="-8 -8 16 16"><circle r="6" fill="#fff" stroke="#344054" \
        stroke-width="2.2"/></symbol></svg>
        """
}
