using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TechHealth.Reports.Excel;

/// <summary>One cell to write: text (inline string), a number, or an empty styled cell.</summary>
internal readonly record struct XCell(string? Text, double? Number, uint Style)
{
    public static XCell Of(string? text, uint style = ReportStyles.Default) => new(text ?? "", null, style);
    public static XCell Of(double number, uint style) => new(null, number, style);
    public static XCell Of(double? number, uint style) => number is { } n ? new(null, n, style) : new(null, null, style);
    public static XCell Date(DateOnly date) => new(null, date.ToDateTime(TimeOnly.MinValue).ToOADate(), ReportStyles.Date);
    public static readonly XCell Empty = new(null, null, ReportStyles.Default);

    /// <summary>The number of characters a reader would see, to size the column.</summary>
    public int DisplayLength => Text?.Length ?? (Number is { } n ? (Style is ReportStyles.Date ? 10 : n.ToString("0.0", CultureInfo.InvariantCulture).Length + 1) : 0);
}

/// <summary>
/// Writes one worksheet as a stream of XML (the SDK's SAX writer): the view with frozen header rows, column widths,
/// rows as they come, then the autofilter. Holds one row at a time, so a sheet of any length costs the same memory.
/// </summary>
internal sealed class SheetStream : IDisposable
{
    private readonly OpenXmlWriter _writer;
    private readonly string[] _columnNames;
    private uint _row;
    private bool _finished;

    public SheetStream(WorksheetPart part, IReadOnlyList<double> widths, int frozenRows)
    {
        _columnNames = Enumerable.Range(0, Math.Max(widths.Count, 1)).Select(ColumnLetters).ToArray();
        _writer = OpenXmlWriter.Create(part);
        _writer.WriteStartElement(new Worksheet());
        var view = new SheetView { WorkbookViewId = 0 };
        if (frozenRows > 0)
        {
            var topLeft = $"A{frozenRows + 1}";
            view.Append(new Pane { VerticalSplit = frozenRows, TopLeftCell = topLeft, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            view.Append(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } });
        }
        _writer.WriteElement(new SheetViews(view));
        var columns = new Columns();
        for (var i = 0; i < widths.Count; i++)
            columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
        if (widths.Count > 0) _writer.WriteElement(columns);
        _writer.WriteStartElement(new SheetData());
    }

    public uint RowCount => _row;

    public string ColumnName(int index) => index < _columnNames.Length ? _columnNames[index] : ColumnLetters(index);

    public void Row(IReadOnlyList<XCell> cells)
    {
        _row++;
        _writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", _row.ToString(CultureInfo.InvariantCulture))]);
        for (var i = 0; i < cells.Count; i++)
        {
            var c = cells[i];
            var reference = ColumnName(i) + _row.ToString(CultureInfo.InvariantCulture);
            if (c.Text is { } text)
            {
                if (text.Length == 0 && c.Style == ReportStyles.Default) continue;
                var t = new Text(Clean(text));
                if (t.Text.Length > 0 && (char.IsWhiteSpace(t.Text[0]) || char.IsWhiteSpace(t.Text[^1]))) t.Space = SpaceProcessingModeValues.Preserve;
                _writer.WriteElement(new Cell(new InlineString(t)) { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = Style(c.Style) });
            }
            else if (c.Number is { } n && double.IsFinite(n))
                _writer.WriteElement(new Cell(new CellValue(n.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference, StyleIndex = Style(c.Style) });
            else if (c.Style != ReportStyles.Default)
                _writer.WriteElement(new Cell { CellReference = reference, StyleIndex = c.Style });
        }
        _writer.WriteEndElement();
    }

    public void Row(params XCell[] cells) => Row((IReadOnlyList<XCell>)cells);

    public void Blank() => _row++;

    /// <summary>Closes the sheet data and adds an autofilter over <paramref name="filterRange"/> (e.g. <c>A1:F200</c>).</summary>
    public void Finish(string? filterRange)
    {
        if (_finished) return;
        _finished = true;
        _writer.WriteEndElement();
        if (filterRange is not null) _writer.WriteElement(new AutoFilter { Reference = filterRange });
        _writer.WriteElement(new PageMargins { Left = 0.7, Right = 0.7, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
        _writer.WriteEndElement();
    }

    public void Dispose()
    {
        Finish(null);
        _writer.Close();
    }

    private static UInt32Value? Style(uint style) => style == 0 ? null : style;

    public static string ColumnLetters(int index)
    {
        var sb = new StringBuilder();
        for (var n = index + 1; n > 0; n = (n - 1) / 26) sb.Insert(0, (char)('A' + (n - 1) % 26));
        return sb.ToString();
    }

    // XML 1.0 cannot carry most control characters or lone surrogates; a component's message may hold either.
    internal static string Clean(string text)
    {
        if (text.Length > DepartmentReportMapper.MaxCellText) text = text[..DepartmentReportMapper.MaxCellText] + " (cut)";
        var ok = true;
        for (var i = 0; i < text.Length && ok; i++) ok = IsXmlChar(text, i);
        if (ok) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(text, i, 2); i++; continue; }
            sb.Append(IsXmlChar(text, i) ? text[i] : '\uFFFD');
        }
        return sb.ToString();
    }

    private static bool IsXmlChar(string s, int i)
    {
        var c = s[i];
        if (c is '\t' or '\n' or '\r') return true;
        if (c < 0x20 || c is '\uFFFE' or '\uFFFF') return false;
        if (char.IsHighSurrogate(c)) return i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
        if (char.IsLowSurrogate(c)) return i > 0 && char.IsHighSurrogate(s[i - 1]);
        return true;
    }
}
