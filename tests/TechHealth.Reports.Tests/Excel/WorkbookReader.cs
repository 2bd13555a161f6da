using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TechHealth.Reports.Tests.Excel;

/// <summary>Reads a written workbook back with the SDK's DOM: cells by sheet and reference, as text or number.</summary>
internal sealed class WorkbookReader : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly Dictionary<string, Dictionary<string, Cell>> _cells = new();

    public WorkbookReader(string path) => _document = SpreadsheetDocument.Open(path, false);

    public SpreadsheetDocument Document => _document;

    public IReadOnlyList<string> SheetNames => _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    public Worksheet Worksheet(string sheet)
    {
        var s = _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(x => x.Name == sheet);
        return ((WorksheetPart)_document.WorkbookPart.GetPartById(s.Id!)).Worksheet;
    }

    public Cell? Cell(string sheet, string reference)
    {
        if (!_cells.TryGetValue(sheet, out var map))
            _cells[sheet] = map = Worksheet(sheet).Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        return map.TryGetValue(reference, out var c) ? c : null;
    }

    public string Text(string sheet, string reference)
    {
        var c = Cell(sheet, reference);
        if (c is null) return "";
        return c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "";
    }

    public double Number(string sheet, string reference)
        => double.Parse(Cell(sheet, reference)?.CellValue?.Text ?? throw new InvalidOperationException($"{sheet}!{reference} holds no number"), CultureInfo.InvariantCulture);

    public int RowCount(string sheet) => Worksheet(sheet).Descendants<Row>().Count();

    /// <summary>Every row as text cells keyed by column letters.</summary>
    public List<Dictionary<string, string>> Rows(string sheet)
        => Worksheet(sheet).Descendants<Row>().Select(r => r.Elements<Cell>().ToDictionary(
            c => new string(c.CellReference!.Value!.TakeWhile(char.IsLetter).ToArray()),
            c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "")).ToList();

    public void Dispose() => _document.Dispose();
}
