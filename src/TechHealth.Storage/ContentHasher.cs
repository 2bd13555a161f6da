using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TechHealth.Storage;

/// <summary>
/// SHA-256 over a sequence of values, each length-prefixed (and null told apart from empty) so no two sequences hash
/// alike by running into each other.
/// </summary>
public sealed class ContentHasher
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _text = new(4096);

    public ContentHasher Add(string? value)
    {
        if (value is null) _text.Append("-;");
        else _text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
        if (_text.Length > 64 * 1024) Flush();
        return this;
    }

    public ContentHasher Add(long value) => Add(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A number by its exact bits, so two doubles hash alike only when they are the same value.</summary>
    public ContentHasher AddBits(double value) => Raw(BitConverter.DoubleToInt64Bits(value).ToString("x", CultureInfo.InvariantCulture) + ";");

    /// <summary>Text as it is, with no length: a separator, or a count whose end a separator marks.</summary>
    public ContentHasher Raw(string text)
    {
        _text.Append(text);
        if (_text.Length > 64 * 1024) Flush();
        return this;
    }

    public string Finish()
    {
        Flush();
        return Convert.ToBase64String(_hash.GetHashAndReset());
    }

    private void Flush()
    {
        _hash.AppendData(Encoding.UTF8.GetBytes(_text.ToString()));
        _text.Clear();
    }
}
