using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Reading;

/// <summary>
/// What the scan takes from a repository's git metadata (the commit HEAD points at and that commit's committer date),
/// read from the files of <c>.git</c> without running git. Running git in a repository the service did not clone
/// would run whatever that repository's <c>.git/config</c> names (gpg.program with log.showSignature, core.fsmonitor,
/// hooks...), so the scan never does. Every file read here is inside <c>.git</c>, is not a symlink, is not
/// opened when the file system reports it empty (FIFOs, devices and sockets report zero bytes), and is read only up to a limit.
/// A layout this does not read (a <c>.git</c> file of a worktree or submodule, a symlinked <c>.git</c>, a broken ref)
/// yields a warning and no value; the caller then fingerprints the contents instead.
/// </summary>
public sealed class GitMetadata
{
    /// <summary>HEAD, a loose ref, a loose object: git writes them small; anything larger is not git's doing.</summary>
    internal const int MaxSmallFileBytes = 64 * 1024;

    /// <summary>packed-refs of a repository with very many tags stays well under this.</summary>
    internal const int MaxPackedRefsBytes = 16 * 1024 * 1024;

    /// <summary>A commit object (headers, message, signature); a larger one is not read.</summary>
    internal const int MaxCommitBytes = 1024 * 1024;

    private const int MaxSymrefHops = 5;
    private const int MaxDeltaChain = 50;
    private const int MaxPacks = 256;

    private readonly string _gitDir;
    private readonly List<ScanIssue> _issues;

    private GitMetadata(string gitDir, List<ScanIssue> issues) { _gitDir = gitDir; _issues = issues; }

    /// <summary>The commit id HEAD resolves to, or null (with a warning in the issues) when it cannot be read safely.</summary>
    public string? Head { get; private set; }

    /// <summary>The committer date of the HEAD commit in strict ISO 8601 with its offset (as <c>git log --format=%cI</c>), or null.</summary>
    public string? LastCommitDate { get; private set; }

    /// <summary>Reads the metadata of the repository at <paramref name="root"/> (a resolved folder holding <c>.git</c>); problems go to <paramref name="issues"/>.</summary>
    public static GitMetadata Read(string root, List<ScanIssue> issues)
    {
        var gitDir = Path.Combine(root, ".git");
        var metadata = new GitMetadata(gitDir, issues);
        var info = new DirectoryInfo(gitDir);
        if (info.LinkTarget is not null || new FileInfo(gitDir).LinkTarget is not null)
        {
            metadata.Warn(".git", "is a symlink and was not followed: the fingerprint is taken from the files and there is no last-commit date");
            return metadata;
        }
        if (!info.Exists)
        {
            if (File.Exists(gitDir))
                metadata.Warn(".git", "is a file (a linked worktree or submodule whose metadata lives elsewhere) and was not followed: the fingerprint is taken from the files and there is no last-commit date");
            return metadata;
        }
        try
        {
            metadata.Head = metadata.ResolveHead();
            if (metadata.Head is not null) metadata.LastCommitDate = metadata.CommitDate(metadata.Head);
        }
        catch (InvalidDataException e)
        {
            metadata.Warn(".git", $"not read: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            metadata.Warn(".git", $"not readable: {e.Message}");
        }
        return metadata;
    }

    private void Warn(string file, string message) => _issues.Add(new ScanIssue(ScanIssueSeverity.Warning, file, 0, message));

    private string? ResolveHead()
    {
        var text = ReadSmallText("HEAD");
        if (text is null) return null;
        for (var hop = 0; hop <= MaxSymrefHops; hop++)
        {
            var line = FirstLine(text);
            if (IsObjectId(line)) return line.ToLowerInvariant();
            if (!line.StartsWith("ref:", StringComparison.Ordinal))
            {
                Warn(".git/HEAD", "holds neither a commit id nor 'ref: refs/...': not read");
                return null;
            }
            var name = line[4..].Trim();
            if (!IsSafeRefName(name))
            {
                Warn(".git/HEAD", $"names '{Shorten(name)}', which is not a ref inside the repository: not followed");
                return null;
            }
            var loose = ReadSmallText(name);
            if (loose is not null) { text = loose; continue; }
            return FromPackedRefs(name);
        }
        Warn(".git/HEAD", $"symbolic refs chain more than {MaxSymrefHops} times: not followed");
        return null;
    }

    private string? FromPackedRefs(string refName)
    {
        var bytes = ReadFile("packed-refs", MaxPackedRefsBytes);
        if (bytes is null)
        {
            Warn(".git/HEAD", $"points at '{Shorten(refName)}', which is neither a loose nor a packed ref (an unborn branch?)");
            return null;
        }
        foreach (var raw in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var space = line.IndexOf(' ');
            if (space > 0 && line.AsSpan(space + 1).SequenceEqual(refName) && IsObjectId(line[..space])) return line[..space].ToLowerInvariant();
        }
        Warn(".git/HEAD", $"points at '{Shorten(refName)}', which is neither a loose nor a packed ref (an unborn branch?)");
        return null;
    }

    private string? CommitDate(string id)
    {
        var commit = ReadObject(id, out var type);
        if (commit is null)
        {
            Warn(".git", $"commit {id[..12]} was not found in the objects (a shallow or partial clone?): no last-commit date");
            return null;
        }
        if (type != 1)
        {
            Warn(".git/HEAD", $"points at object {id[..12]}, which is not a commit: no last-commit date");
            return null;
        }
        foreach (var line in Encoding.UTF8.GetString(commit).Split('\n'))
        {
            if (line.Length == 0) break; // the headers end at the first empty line
            if (!line.StartsWith("committer ", StringComparison.Ordinal)) continue;
            var parts = line[(line.LastIndexOf('>') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds <= 253402300799 && parts[1].Length == 5 && (parts[1][0] is '+' or '-')
                && int.TryParse(parts[1].AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                && int.TryParse(parts[1].AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && hours < 15 && minutes < 60)
            {
                var offset = new TimeSpan(hours, minutes, 0) * (parts[1][0] == '-' ? -1 : 1);
                return DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            }
            break;
        }
        Warn(".git", $"commit {id[..12]} has no readable committer date");
        return null;
    }

    /// <summary>The object's inflated content and git type (1 commit, 2 tree, 3 blob, 4 tag), loose or packed; null when absent.</summary>
    private byte[]? ReadObject(string id, out int type)
    {
        type = 0;
        var loose = ReadFile($"objects/{id[..2]}/{id[2..]}", MaxCommitBytes);
        if (loose is not null)
        {
            var inflated = Inflate(loose, 0, MaxCommitBytes + 64);
            var nul = Array.IndexOf(inflated, (byte)0);
            if (nul < 0) throw new InvalidDataException($"loose object {id[..12]} has no header");
            var header = Encoding.ASCII.GetString(inflated, 0, nul);
            type = header.Split(' ')[0] switch { "commit" => 1, "tree" => 2, "blob" => 3, "tag" => 4, _ => 0 };
            return inflated[(nul + 1)..];
        }
        var packDir = Path.Combine(_gitDir, "objects", "pack");
        if (!IsPlainFolder(packDir)) return null;
        var key = Convert.FromHexString(id);
        foreach (var idx in Directory.EnumerateFiles(packDir, "pack-*.idx").Order(StringComparer.Ordinal).Take(MaxPacks))
        {
            var pack = Path.ChangeExtension(idx, ".pack");
            if (!IsPlainFile(idx) || !IsPlainFile(pack)) continue;
            var offset = PackIndex.Find(idx, key);
            if (offset is null) continue;
            using var stream = new FileStream(pack, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.RandomAccess);
            return new PackReader(stream, idx, key.Length).Read(offset.Value, out type);
        }
        return null;
    }

    /// <summary>A small metadata file's text, or null when it is absent (problems are warned about).</summary>
    private string? ReadSmallText(string relative)
    {
        var bytes = ReadFile(relative, MaxSmallFileBytes);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Reads a file under <c>.git</c> by a path made of plain components, refusing symlinks anywhere on the way, files the
    /// file system reports as empty or special, and files over <paramref name="limit"/>. Null when absent or refused.
    /// </summary>
    private byte[]? ReadFile(string relative, int limit)
    {
        var parts = relative.Split('/');
        var path = _gitDir;
        for (var i = 0; i < parts.Length; i++)
        {
            path = Path.Combine(path, parts[i]);
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                Warn(".git/" + relative, "is reached through a symlink, which is not followed: git metadata must stay inside the repository");
                return null;
            }
            if (i < parts.Length - 1 && !Directory.Exists(path)) return null;
        }
        var file = new FileInfo(path);
        if (!file.Exists) return null;
        // Regular files under .git are never empty when they matter; a FIFO, socket or device reports zero bytes and is never opened.
        if (file.Length == 0)
        {
            Warn(".git/" + relative, "is empty or not a regular file (a FIFO, socket or device) and was not opened");
            return null;
        }
        if (file.Length > limit)
        {
            Warn(".git/" + relative, $"is {file.Length} bytes, over the {limit}-byte limit for it, and was not read");
            return null;
        }
        return BoundedRead.ReadAll(path, limit);
    }

    private static bool IsPlainFolder(string path) => Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null;

    private static bool IsPlainFile(string path) { var f = new FileInfo(path); return f.Exists && f.LinkTarget is null && f.Length > 0; }

    private static string FirstLine(string text) { var nl = text.IndexOf('\n'); return (nl < 0 ? text : text[..nl]).Trim(); }

    private static bool IsObjectId(string s) => s.Length is 40 or 64 && s.All(Uri.IsHexDigit);

    /// <summary>A ref name as git allows it under <c>refs/</c>: no <c>..</c>, no empty or dot-led component, no control or special characters.</summary>
    internal static bool IsSafeRefName(string name)
    {
        if (!name.StartsWith("refs/", StringComparison.Ordinal) || name.Length > 1024 || name.EndsWith('/') || name.EndsWith(".lock", StringComparison.Ordinal)) return false;
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal)) return false;
        foreach (var c in name)
            if (c < 0x20 || c == 0x7f || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\') return false;
        foreach (var component in name.Split('/'))
            if (component.Length == 0 || component[0] == '.') return false;
        return true;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "...";

    /// <summary>Inflates zlib data from <paramref name="offset"/>, refusing output past <paramref name="limit"/> bytes (a zlib bomb stops there).</summary>
    internal static byte[] Inflate(byte[] data, int offset, int limit)
    {
        using var zlib = new ZLibStream(new MemoryStream(data, offset, data.Length - offset, writable: false), CompressionMode.Decompress);
        return ReadInflated(zlib, limit);
    }

    internal static byte[] ReadInflated(Stream zlib, int limit)
    {
        using var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        try
        {
            while ((n = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + n > limit) throw new InvalidDataException($"an object inflates past {limit} bytes");
                output.Write(buffer, 0, n);
            }
        }
        catch (IOException e) when (e is not FileNotFoundException) { throw new InvalidDataException($"corrupt compressed object: {e.Message}"); }
        return output.ToArray();
    }

    /// <summary>A pack index (version 2): where in its pack an object starts, found with a handful of bounded reads.</summary>
    private static class PackIndex
    {
        public static long? Find(string idxPath, byte[] key)
        {
            using var s = new FileStream(idxPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.RandomAccess);
            Span<byte> head = stackalloc byte[8];
            if (!ReadAt(s, 0, head) || BinaryPrimitives.ReadUInt32BigEndian(head) != 0xff744f63 || BinaryPrimitives.ReadUInt32BigEndian(head[4..]) != 2)
                throw new InvalidDataException($"{Path.GetFileName(idxPath)} is not a version 2 pack index");
            Span<byte> fan = stackalloc byte[8];
            var first = key[0];
            long lo = 0;
            if (first > 0) { if (!ReadAt(s, 8 + (first - 1) * 4, fan[..4])) return null; lo = BinaryPrimitives.ReadUInt32BigEndian(fan); }
            if (!ReadAt(s, 8 + 255 * 4, fan[4..])) return null;
            var total = (long)BinaryPrimitives.ReadUInt32BigEndian(fan[4..]);
            if (!ReadAt(s, 8 + first * 4, fan[..4])) return null;
            var hi = (long)BinaryPrimitives.ReadUInt32BigEndian(fan);
            var hashLen = key.Length;
            // Header, fan-out, ids, CRCs, offsets: a count the file cannot hold is corrupt, not a reason to read far.
            if (total > (s.Length - 1032) / (hashLen + 8) || hi > total || lo > hi) throw new InvalidDataException($"{Path.GetFileName(idxPath)} is corrupt");
            var candidate = new byte[hashLen];
            while (lo < hi)
            {
                var mid = lo + (hi - lo) / 2;
                if (!ReadAt(s, 1032 + mid * hashLen, candidate)) return null;
                var cmp = candidate.AsSpan().SequenceCompareTo(key);
                if (cmp == 0)
                {
                    Span<byte> off = stackalloc byte[8];
                    var offsets = 1032 + total * hashLen + total * 4;
                    if (!ReadAt(s, offsets + mid * 4, off[..4])) return null;
                    var small = BinaryPrimitives.ReadUInt32BigEndian(off);
                    if ((small & 0x80000000) == 0) return small;
                    if (!ReadAt(s, offsets + total * 4 + (small & 0x7fffffff) * 8, off)) return null;
                    return (long)BinaryPrimitives.ReadUInt64BigEndian(off);
                }
                if (cmp < 0) lo = mid + 1; else hi = mid;
            }
            return null;
        }
    }

    /// <summary>Reads one object of a pack, applying deltas (at most <see cref="MaxDeltaChain"/> deep, every object bounded).</summary>
    private sealed class PackReader(FileStream pack, string idxPath, int hashLength)
    {
        public byte[] Read(long offset, out int type, int depth = 0)
        {
            if (depth > MaxDeltaChain) throw new InvalidDataException($"a delta chain in the pack is longer than {MaxDeltaChain}");
            if (offset < 12 || offset >= pack.Length) throw new InvalidDataException("a pack offset points outside the pack");
            pack.Position = offset;
            var b = ReadByte();
            type = (b >> 4) & 7;
            long size = b & 15;
            var shift = 4;
            while ((b & 0x80) != 0)
            {
                b = ReadByte();
                if (shift > 56) throw new InvalidDataException("an object size in the pack is malformed");
                size |= (long)(b & 0x7f) << shift;
                shift += 7;
            }
            if (size > MaxCommitBytes) throw new InvalidDataException($"an object of {size} bytes is over the {MaxCommitBytes}-byte limit for the objects read");
            switch (type)
            {
                case 1 or 2 or 3 or 4:
                    return InflateHere((int)size);
                case 6: // OFS_DELTA: the base is a negative offset back from this object
                {
                    b = ReadByte();
                    long back = b & 0x7f;
                    while ((b & 0x80) != 0)
                    {
                        if (back > (long.MaxValue >> 8)) throw new InvalidDataException("a delta base offset is malformed");
                        b = ReadByte();
                        back = ((back + 1) << 7) | (long)(b & 0x7f);
                    }
                    var delta = InflateHere((int)size);
                    var baseData = Read(offset - back, out type, depth + 1);
                    return Delta.Apply(baseData, delta);
                }
                case 7: // REF_DELTA: the base is named by its id, in this pack
                {
                    var baseId = new byte[hashLength];
                    if (pack.Read(baseId) != baseId.Length) throw new InvalidDataException("a pack ends inside a delta");
                    var delta = InflateHere((int)size);
                    // index-pack completes a thin pack by adding its bases to the same pack, so the base is found in this index.
                    var baseOffset = PackIndex.Find(idxPath, baseId)
                        ?? throw new InvalidDataException($"the base {Convert.ToHexStringLower(baseId)[..12]} of a delta is not in its pack");
                    var baseData = Read(baseOffset, out type, depth + 1);
                    return Delta.Apply(baseData, delta);
                }
                default:
                    throw new InvalidDataException($"object type {type} in the pack is unknown");
            }
        }

        private byte ReadByte()
        {
            var v = pack.ReadByte();
            if (v < 0) throw new InvalidDataException("a pack ends inside an object header");
            return (byte)v;
        }

        private byte[] InflateHere(int size)
        {
            using var zlib = new ZLibStream(pack, CompressionMode.Decompress, leaveOpen: true);
            var data = ReadInflated(zlib, size);
            if (data.Length != size) throw new InvalidDataException("an object in the pack inflates to another size than its header says");
            return data;
        }
    }

    /// <summary>git's delta format: the sizes, then copy-from-base and insert instructions; every copy is checked against both buffers.</summary>
    private static class Delta
    {
        public static byte[] Apply(byte[] source, byte[] delta)
        {
            var p = 0;
            var sourceSize = VarInt(delta, ref p);
            var targetSize = VarInt(delta, ref p);
            if (sourceSize != source.Length || targetSize > MaxCommitBytes) throw new InvalidDataException("a delta does not fit its base or is too large");
            var target = new byte[targetSize];
            var t = 0;
            while (p < delta.Length)
            {
                var op = delta[p++];
                if ((op & 0x80) != 0)
                {
                    long copyOffset = 0, copySize = 0;
                    for (var i = 0; i < 4; i++) if ((op & (1 << i)) != 0) copyOffset |= (long)Next(delta, ref p) << (8 * i);
                    for (var i = 0; i < 3; i++) if ((op & (0x10 << i)) != 0) copySize |= (long)Next(delta, ref p) << (8 * i);
                    if (copySize == 0) copySize = 0x10000;
                    if (copyOffset + copySize > source.Length || t + copySize > target.Length) throw new InvalidDataException("a delta copies outside its buffers");
                    Array.Copy(source, copyOffset, target, t, copySize);
                    t += (int)copySize;
                }
                else if (op != 0)
                {
                    if (p + op > delta.Length || t + op > target.Length) throw new InvalidDataException("a delta inserts outside its buffers");
                    Array.Copy(delta, p, target, t, op);
                    p += op;
                    t += op;
                }
                else throw new InvalidDataException("a delta holds a reserved instruction");
            }
            if (t != target.Length) throw new InvalidDataException("a delta does not fill its target");
            return target;
        }

        private static byte Next(byte[] d, ref int p) => p < d.Length ? d[p++] : throw new InvalidDataException("a delta ends inside an instruction");

        private static int VarInt(byte[] d, ref int p)
        {
            long v = 0;
            var shift = 0;
            byte b;
            do
            {
                b = Next(d, ref p);
                v |= (long)(b & 0x7f) << shift;
                shift += 7;
                if (v > int.MaxValue) throw new InvalidDataException("a delta size is too large");
            } while ((b & 0x80) != 0);
            return (int)v;
        }
    }

    private static bool ReadAt(FileStream s, long position, Span<byte> into)
    {
        if (position < 0 || position + into.Length > s.Length) return false;
        s.Position = position;
        var read = 0;
        while (read < into.Length)
        {
            var n = s.Read(into[read..]);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}

/// <summary>The read limits of <see cref="GitMetadata"/>, for documentation and tests.</summary>
public static class GitMetadataLimits
{
    public const int SmallFile = GitMetadata.MaxSmallFileBytes;
    public const int PackedRefs = GitMetadata.MaxPackedRefsBytes;
    public const int Commit = GitMetadata.MaxCommitBytes;
}
