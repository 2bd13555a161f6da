namespace TechHealth.Scanning.Reading;

/// <summary>
/// Reads a file never past a limit, whatever size the file system reported when it was listed: a file that grew,
/// or a device such as <c>/dev/zero</c> reached some other way, costs at most <c>limit + 1</c> bytes.
/// </summary>
internal static class BoundedRead
{
    /// <summary>The whole file when it holds at most <paramref name="limit"/> bytes; <see cref="InvalidDataException"/> past it.</summary>
    public static byte[] ReadAll(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
        return ReadAll(stream, limit, path);
    }

    public static byte[] ReadAll(Stream stream, long limit, string what)
    {
        limit = Math.Min(limit, Array.MaxLength - 1);
        var reported = stream.CanSeek ? stream.Length : 0;
        if (reported > limit) throw new InvalidDataException($"file of {reported} bytes is over the {limit}-byte limit");
        var buffer = new byte[(int)Math.Min(Math.Max(reported, 4096), limit + 1)];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (read > limit) throw new InvalidDataException($"'{Path.GetFileName(what)}' holds more than the {limit}-byte limit (it grew while read, or is not a regular file)");
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1));
            }
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0) break;
            read += n;
        }
        if (read > limit) throw new InvalidDataException($"'{Path.GetFileName(what)}' holds more than the {limit}-byte limit (it grew while read, or is not a regular file)");
        return read == buffer.Length ? buffer : buffer[..read];
    }
}
