using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TechHealth.Reports.Excel;

/// <summary>
/// The workbook's one styles part and the indexes of its cell formats. Heatmap cells get one of four discrete fills by
/// pass rate (<see cref="HeatFor"/>), so the colours survive every reader, including ones without conditional formats.
/// </summary>
internal static class ReportStyles
{
    public const uint Default = 0, Header = 1, Percent = 2, Score = 3, Date = 4, Integer = 5, Title = 6,
        HeatLow = 7, HeatMiddle = 8, HeatHigh = 9, HeatFull = 10, HeatNone = 11,
        SignedScore = 12, SignedPercent = 13, SignedInteger = 14, Bold = 15;

    /// <summary>The bands of the heatmap, lowest first: a pass rate at or above the bound takes the fill.</summary>
    public static readonly (double From, uint Style, string Label, string Rgb)[] HeatBands =
    [
        (0.0, HeatLow, "below 50%", "FFFFC7CE"),
        (0.5, HeatMiddle, "50% to 75%", "FFFFEB9C"),
        (0.75, HeatHigh, "75% to 95%", "FFC6EFCE"),
        (0.95, HeatFull, "95% and above", "FF63BE7B"),
    ];

    public static uint HeatFor(double? rate)
    {
        if (rate is not { } r) return HeatNone;
        var style = HeatBands[0].Style;
        foreach (var band in HeatBands)
            if (r >= band.From) style = band.Style;
        return style;
    }

    public static Stylesheet Build()
    {
        var numberFormats = new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0%" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "0.0" },
            new NumberingFormat { NumberFormatId = 166, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = 167, FormatCode = "+0.0;-0.0;0.0" },
            new NumberingFormat { NumberFormatId = 168, FormatCode = "+0.0%;-0.0%;0.0%" },
            new NumberingFormat { NumberFormatId = 169, FormatCode = "+0;-0;0" }) { Count = 6 };

        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Calibri" })) { Count = 3 };

        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            Solid("FFD9E1F2"));
        foreach (var band in HeatBands) fills.Append(Solid(band.Rgb));
        fills.Append(Solid("FFEDEDED"));
        fills.Count = (uint)fills.ChildElements.Count;

        var borders = new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 };

        var formats = new CellFormats(
            Xf(0, 0, 0),                       // Default
            Xf(0, 1, 2),                       // Header
            Xf(164, 0, 0),                     // Percent
            Xf(165, 0, 0),                     // Score
            Xf(166, 0, 0),                     // Date
            Xf(1, 0, 0),                       // Integer
            Xf(0, 2, 0),                       // Title
            Xf(164, 0, 3), Xf(164, 0, 4), Xf(164, 0, 5), Xf(164, 0, 6), // heat bands
            Xf(0, 0, 7),                       // HeatNone
            Xf(167, 0, 0), Xf(168, 0, 0), Xf(169, 0, 0),
            Xf(0, 1, 0));                      // Bold
        formats.Count = (uint)formats.ChildElements.Count;

        return new Stylesheet(
            numberFormats, fonts, fills, borders,
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private static Fill Solid(string rgb)
        => new(new PatternFill(new ForegroundColor { Rgb = rgb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });

    private static CellFormat Xf(uint numberFormat, uint font, uint fill) => new()
    {
        NumberFormatId = numberFormat,
        FontId = font,
        FillId = fill,
        BorderId = 0,
        FormatId = 0,
        ApplyNumberFormat = numberFormat != 0 ? true : null,
        ApplyFont = font != 0 ? true : null,
        ApplyFill = fill != 0 ? true : null,
    };
}
