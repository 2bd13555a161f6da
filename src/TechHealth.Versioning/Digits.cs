namespace TechHealth.Versioning;

/// <summary>Small text routines shared by the scheme parsers; numbers are compared without parsing so no size overflows.</summary>
internal static class Digits
{
    public static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    public static bool AllDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s) if (!IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>Reads a run of digits at <paramref name="i"/> into a long; false when there is none or it overflows.</summary>
    public static bool TryReadNumber(string s, ref int i, out long value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && IsAsciiDigit(s[i]))
        {
            var digit = s[i] - '0';
            if (value > (long.MaxValue - digit) / 10) { i = start; return false; }
            value = value * 10 + digit;
            i++;
        }
        return i > start;
    }

    /// <summary>Compares two digit strings by numeric value, of any length.</summary>
    public static int CompareNumeric(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
        return a.SequenceCompareTo(b);
    }

    /// <summary>Orders text with embedded numbers naturally, case-insensitively: rc2 &lt; rc10.</summary>
    public static int CompareNatural(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (IsAsciiDigit(a[i]) && IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && IsAsciiDigit(a[i])) i++;
                while (j < b.Length && IsAsciiDigit(b[j])) j++;
                var c = CompareNumeric(a.AsSpan(si, i - si), b.AsSpan(sj, j - sj));
                if (c != 0) return c;
            }
            else
            {
                var c = char.ToLowerInvariant(a[i]).CompareTo(char.ToLowerInvariant(b[j]));
                if (c != 0) return c;
                i++;
                j++;
            }
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }

    public static bool IsIdentifierChar(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '-';
}
