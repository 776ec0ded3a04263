// On a phone each table cell shows its column's name (static/css/imr.css): the names are
// copied here from the header row, once, so no template has to repeat them.
document.querySelectorAll("table.table").forEach((table) => {
  const names = [...table.querySelectorAll(":scope > thead > tr:last-child > th")].map((th) =>
    th.textContent.trim().replace(/\s+/g, " "),
  );
  table.querySelectorAll(":scope > tbody > tr").forEach((row) => {
    let column = 0;
    [...row.children].forEach((cell) => {
      if (!cell.hasAttribute("data-label") && names[column] !== undefined) {
        cell.setAttribute("data-label", names[column]);
      }
      column += cell.colSpan || 1;
    });
  });
});
