namespace TechHealth.Versioning;

/// <summary>
/// A Maven version ordered the way maven-artifact's ComparableVersion orders it: items split on '.', '-'
/// and digit/letter transitions; a '-' opens a sub-list; trailing zeros and release qualifiers are trimmed
/// so 1 == 1.0 == 1.0.0 == 1-ga == 1.final; known qualifiers alpha &lt; beta &lt; milestone &lt; rc &lt;
/// snapshot &lt; release &lt; sp, unknown ones after sp in lexical order; a letter run followed by digits
/// (alpha10) is one item ordered by its number.
/// </summary>
internal sealed class MavenVersion : ParsedVersion
{
    private readonly ListItem items;
    private readonly long[] release;

    private MavenVersion(string text, ListItem items) : base(VersionScheme.Maven, text)
    {
        this.items = items;
        release = LeadingNumbers(items);
        IsPrerelease = HasPrereleaseQualifier(items);
    }

    public override bool IsPrerelease { get; }
    internal override long[] Release => release;

    /// <summary>The canonical form ComparableVersion would print, useful in messages and tests.</summary>
    internal string Canonical => items.ToString();

    private static readonly char[] Forbidden = ['$', '{', '}', '[', ']', '(', ')', ',', '/', '\\', ':', '"', '\'', '<', '>', '=', '*', '|', ';'];

    internal static ParseResult<ParsedVersion> Parse(string raw)
    {
        var s = raw.Trim();
        if (s.Length == 0) return ParseResult<ParsedVersion>.Fail("empty Maven version");
        if (s.StartsWith("${", StringComparison.Ordinal))
            return ParseResult<ParsedVersion>.Fail($"'{raw}' is an unresolved Maven property, not a version");
        if (s is "LATEST" or "RELEASE" or "latest.release" or "latest.integration")
            return ParseResult<ParsedVersion>.Fail($"'{raw}' is a Maven meta-version, not a version");
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || Array.IndexOf(Forbidden, c) >= 0)
                return ParseResult<ParsedVersion>.Fail($"'{raw}' is not a valid Maven version: '{c}' is not allowed");
        }
        if (!s.Any(Digits.IsAsciiDigit))
            return ParseResult<ParsedVersion>.Fail($"'{raw}' is not a valid Maven version: it has no number");
        return ParseResult<ParsedVersion>.Ok(new MavenVersion(s, Tokenize(s.ToLowerInvariant())));
    }

    private protected override int CompareSameScheme(ParsedVersion other) => items.CompareTo(((MavenVersion)other).items);

    private static ListItem Tokenize(string v)
    {
        var root = new ListItem();
        var list = root;
        var lists = new List<ListItem> { root };
        var isDigit = false;
        var isCombination = false;
        var start = 0;

        void OpenSubList()
        {
            var sub = new ListItem();
            list.Add(sub);
            list = sub;
            lists.Add(sub);
        }

        for (var i = 0; i < v.Length; i++)
        {
            var c = v[i];
            if (c == '.')
            {
                list.Add(i == start ? NumberItem.Zero : MakeItem(isCombination, isDigit, v[start..i]));
                isCombination = false;
                start = i + 1;
            }
            else if (c == '-')
            {
                if (i == start)
                {
                    list.Add(NumberItem.Zero);
                }
                else
                {
                    // "x-1" reads as the combination "x1", like ComparableVersion does.
                    if (!isDigit && i != v.Length - 1 && Digits.IsAsciiDigit(v[i + 1]))
                    {
                        isCombination = true;
                        continue;
                    }
                    list.Add(MakeItem(isCombination, isDigit, v[start..i]));
                }
                start = i + 1;
                if (list.Count > 0) OpenSubList();
                isCombination = false;
            }
            else if (Digits.IsAsciiDigit(c))
            {
                if (!isDigit && i > start)
                {
                    isCombination = true;
                    if (list.Count > 0) OpenSubList();
                }
                isDigit = true;
            }
            else
            {
                if (isDigit && i > start)
                {
                    list.Add(MakeItem(isCombination, true, v[start..i]));
                    start = i;
                    OpenSubList();
                    isCombination = false;
                }
                isDigit = false;
            }
        }

        if (v.Length > start)
        {
            // A trailing qualifier after '.' is treated like one after '-': 1.0.0.X1 < 1.0.0-X2.
            if (!isDigit && list.Count > 0) OpenSubList();
            list.Add(MakeItem(isCombination, isDigit, v[start..]));
        }

        for (var k = lists.Count - 1; k >= 0; k--) lists[k].Normalize();
        return root;
    }

    private static Item MakeItem(bool isCombination, bool isDigit, string text)
    {
        if (isCombination) return new CombinationItem(text.Replace("-", ""));
        if (isDigit) return new NumberItem(text);
        return new StringItem(text, followedByDigit: false);
    }

    private static long[] LeadingNumbers(ListItem items)
    {
        var numbers = new List<long>();
        foreach (var item in items)
        {
            if (item is not NumberItem { Value: >= 0 } n) break;
            numbers.Add(n.Value);
        }
        return numbers.ToArray();
    }

    private static bool HasPrereleaseQualifier(ListItem items)
    {
        foreach (var item in items)
        {
            var qualifier = item switch
            {
                StringItem s => s,
                CombinationItem c => c.StringPart,
                _ => null,
            };
            if (qualifier is not null && qualifier.IsBeforeRelease) return true;
            if (item is ListItem sub && HasPrereleaseQualifier(sub)) return true;
        }
        return false;
    }

    private abstract class Item
    {
        public abstract bool IsNull { get; }

        /// <summary>Compares with another item, or with "nothing" (a missing item in a shorter list) when null.</summary>
        public abstract int CompareTo(Item? other);
    }

    private sealed class NumberItem : Item
    {
        public static readonly NumberItem Zero = new("0");

        public NumberItem(string digits)
        {
            var trimmed = digits.TrimStart('0');
            Digits = trimmed.Length == 0 ? "0" : trimmed;
            Value = Digits.Length <= 18 ? long.Parse(Digits, System.Globalization.CultureInfo.InvariantCulture) : -1;
        }

        public string Digits { get; }

        /// <summary>The number when it fits a long (up to 18 digits); -1 for longer ones, compared as digit strings.</summary>
        public long Value { get; }
        public override bool IsNull => Digits == "0";

        public override int CompareTo(Item? other) => other switch
        {
            null => IsNull ? 0 : 1,
            NumberItem n when Value >= 0 && n.Value >= 0 => Value.CompareTo(n.Value),
            NumberItem n => Math.Sign(TechHealth.Versioning.Digits.CompareNumeric(Digits, n.Digits)),
            _ => 1, // a number beats a qualifier, a combination and a sub-list: 1.1 > 1-sp, 1.1 > 1-1
        };

        public override string ToString() => Digits;
    }

    private sealed class StringItem : Item
    {
        private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
        private const string ReleaseRank = "5";

        public StringItem(string value, bool followedByDigit)
        {
            if (followedByDigit && value.Length == 1)
            {
                value = value[0] switch { 'a' => "alpha", 'b' => "beta", 'm' => "milestone", _ => value };
            }
            Value = value == "cr" ? "rc" : value;
            Rank = RankOf(Value);
        }

        public string Value { get; }

        /// <summary>A key whose ordinal order is the qualifier order; unknown qualifiers follow sp lexically.</summary>
        public string Rank { get; }

        public bool IsBeforeRelease => string.CompareOrdinal(Rank, ReleaseRank) < 0;
        public override bool IsNull => Value.Length == 0;

        private static string RankOf(string qualifier)
        {
            if (qualifier is "ga" or "final" or "release") return ReleaseRank;
            var index = Array.IndexOf(Qualifiers, qualifier);
            return index < 0 ? $"{Qualifiers.Length}-{qualifier}" : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public override int CompareTo(Item? other) => other switch
        {
            null => Math.Sign(string.CompareOrdinal(Rank, ReleaseRank)), // 1-rc < 1, 1-sp > 1
            NumberItem => -1,
            StringItem s => Math.Sign(string.CompareOrdinal(Rank, s.Rank)),
            CombinationItem c => CompareTo(c.StringPart) is var r && r == 0 ? -1 : r, // X < X1
            _ => -1, // 1.any < 1-1
        };

        public override string ToString() => Value;
    }

    private sealed class CombinationItem : Item
    {
        public CombinationItem(string value)
        {
            var index = 0;
            for (var i = 0; i < value.Length; i++)
            {
                if (Digits.IsAsciiDigit(value[i])) { index = i; break; }
            }
            StringPart = new StringItem(value[..index], followedByDigit: true);
            DigitPart = new NumberItem(value[index..]);
        }

        public StringItem StringPart { get; }
        public NumberItem DigitPart { get; }
        public override bool IsNull => false;

        public override int CompareTo(Item? other) => other switch
        {
            null => StringPart.CompareTo(null), // 1-rc1 < 1, 1-sp1 > 1
            NumberItem => -1,
            StringItem s => StringPart.CompareTo(s) is var r && r == 0 ? 1 : r, // X1 > X
            CombinationItem c => StringPart.CompareTo(c.StringPart) is var r && r == 0 ? DigitPart.CompareTo(c.DigitPart) : r,
            _ => -1,
        };

        public override string ToString() => StringPart.ToString() + DigitPart;
    }

    private sealed class ListItem : Item, IEnumerable<Item>
    {
        private readonly List<Item> items = new(4);

        public int Count => items.Count;
        public Item this[int index] => items[index];
        public void Add(Item item) => items.Add(item);
        public override bool IsNull => items.Count == 0;

        /// <summary>Drops null items (zeros, empty qualifiers) that do not change order, so 1.0.0 and 1 compare equal.</summary>
        public void Normalize()
        {
            for (var i = items.Count - 1; i >= 0; i--)
            {
                if (!items[i].IsNull) continue;
                if (i == items.Count - 1 || items[i + 1] is StringItem)
                {
                    items.RemoveAt(i);
                }
                else if (items[i + 1] is ListItem { Count: > 0 } next && next[0] is CombinationItem or StringItem)
                {
                    items.RemoveAt(i);
                }
            }
        }

        public override int CompareTo(Item? other)
        {
            switch (other)
            {
                case null:
                    foreach (var item in items)
                    {
                        var r = item.CompareTo(null);
                        if (r != 0) return r;
                    }
                    return 0;
                case NumberItem:
                    return -1; // 1-1 < 1.0.x
                case StringItem or CombinationItem:
                    return 1; // 1-1 > 1-sp
                case ListItem list:
                    var n = Math.Max(items.Count, list.items.Count);
                    for (var i = 0; i < n; i++)
                    {
                        var l = i < items.Count ? items[i] : null;
                        var r = i < list.items.Count ? list.items[i] : null;
                        var c = l is null ? (r is null ? 0 : -r.CompareTo(null)) : l.CompareTo(r);
                        if (c != 0) return c;
                    }
                    return 0;
                default:
                    return 0;
            }
        }

        public IEnumerator<Item> GetEnumerator() => items.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString()
        {
            var sb = new System.Text.StringBuilder();
            foreach (var item in items)
            {
                if (sb.Length > 0) sb.Append(item is ListItem ? '-' : '.');
                sb.Append(item);
            }
            return sb.ToString();
        }
    }
}
