namespace TechHealth.Reports.Badges;

/// <summary>
/// Advance widths of Verdana (units of 1/2048 em) for printable ASCII, the font badges are drawn in, scaled to
/// 11 px: the way shields.io sizes its badges, so the coloured boxes fit the text without a browser measuring it.
/// Characters outside the table count as a wide glyph (a capital M for Latin letters, a full em beyond).
/// </summary>
public static class VerdanaWidths
{
    public const double FontSize = 11;
    private const double UnitsPerEm = 2048;

    // ' ' (0x20) to '~' (0x7E).
    private static readonly short[] Ascii =
    [
        720, 809, 942, 1675, 1302, 2212, 1499, 550, 909, 909, 1302, 1675, 745, 909, 745, 1175,   // space ! " # $ % & ' ( ) * + , - . /
        1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302,                             // 0-9
        909, 909, 1675, 1675, 1675, 1114, 2048,                                                 // : ; < = > ? @
        1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 862, 921, 1423, 1145, 1739,             // A-M
        1532, 1612, 1235, 1612, 1428, 1401, 1237, 1499, 1401, 2025, 1403, 1237, 1403,           // N-Z
        909, 1175, 909, 1675, 1302, 1302,                                                       // [ \ ] ^ _ `
        1229, 1276, 1067, 1276, 1220, 720, 1276, 1296, 562, 686, 1187, 562, 1992,              // a-m
        1296, 1243, 1276, 1276, 874, 1067, 807, 1296, 1187, 1659, 1187, 1187, 1061,             // n-z
        1305, 909, 1305, 1675,                                                                  // { | } ~
    ];

    /// <summary>The width in pixels of <paramref name="text"/> in Verdana 11 px.</summary>
    public static double Measure(string text)
    {
        double units = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            units += v is >= 0x20 and <= 0x7E ? Ascii[v - 0x20]
                   : v < 0x2E80 ? 1739
                   : UnitsPerEm;
        }
        return units * FontSize / UnitsPerEm;
    }
}
