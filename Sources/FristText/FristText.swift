// FristText: the words and escapes that every renderer writes the same way — HTML and JSON
// escaping, month and weekday names, reminder kinds in words. Rendering, not domain: it
// depends on FristCore only for the values it spells (dates, weekdays, reminder kinds).
//
// A seam, not a layer of its own: messages (FristDelivery), the overview page and the feed
// (FristOverview), the command line's table and JSON lines (FristCLI), the listener's pages
// (FristHTTP) and the config's JSON templates (FristConfig) share it so they never disagree.
