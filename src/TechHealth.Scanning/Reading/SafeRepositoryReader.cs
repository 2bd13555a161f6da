using System.IO.Enumeration;
using System.Text;
using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;

namespace TechHealth.Scanning.Reading;

/// <summary>
/// The read-only view of one repository folder that harvesters get. Owns the safety rules: it never
/// enters a symlinked folder, follows a symlinked file only when its target stays inside the repository,
/// skips excluded folders, and bounds depth, file count, file size and time. What it refuses becomes a
/// warning in <see cref="Issues"/>. It must not write anything or read outside its root.
/// </summary>
public sealed class SafeRepositoryReader : IRepositoryReader
{
    private readonly Dictionary<string, FileEntry> _files;
    // Bytes read for fingerprinting, kept so harvesters reading the same file do not read it again.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);
    private readonly long _maxFileBytes;
    private readonly CancellationToken _cancellation;

    private SafeRepositoryReader(string name, string root, Dictionary<string, FileEntry> files, List<string> ordered, List<ScanIssue> issues, long maxFileBytes, CancellationToken cancellation)
    {
        Name = name; Root = root; _files = files; Files = ordered; Issues = issues; _maxFileBytes = maxFileBytes; _cancellation = cancellation;
    }

    public string Name { get; }

    /// <summary>The repository's folder on disk (fully resolved).</summary>
    public string Root { get; }

    public IReadOnlyList<string> Files { get; }

    /// <summary>True when the repository root holds <c>.git</c> (a folder, or a file for worktrees and submodules).</summary>
    public bool HasGit { get; private init; }

    /// <summary>Warnings about what was skipped while enumerating (symlinks out of the tree, large files, depth, count, time).</summary>
    public IReadOnlyList<ScanIssue> Issues { get; }

    /// <summary>Size in bytes of a listed file.</summary>
    public long LengthOf(string relativePath) => _files.TryGetValue(relativePath, out var f) ? f.Length : -1;

    /// <summary>Enumerates <paramref name="root"/> under the options' limits. Cancellation (including a per-repository deadline) stops it.</summary>
    public static SafeRepositoryReader Open(string root, ScanningOptions options, CancellationToken cancellation = default, string? name = null)
    {
        var rootInfo = new DirectoryInfo(root);
        if (!rootInfo.Exists) throw new DirectoryNotFoundException($"repository folder '{root}' does not exist");
        // Resolve the root itself once so a root reached through a symlink still has a real path to compare targets with.
        var realRoot = Path.TrimEndingDirectorySeparator(rootInfo.ResolveLinkTarget(true)?.FullName ?? rootInfo.FullName);
        var excluded = new HashSet<string>(options.ExcludedDirectories, StringComparer.OrdinalIgnoreCase);
        var files = new Dictionary<string, FileEntry>(StringComparer.Ordinal);
        var issues = new List<ScanIssue>();
        var depthWarned = false;
        var hasGit = false;
        var nested = new List<string>();
        var stack = new Stack<(string Dir, string Rel, int Depth)>();
        stack.Push((realRoot, "", 0));
        var enumeration = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        while (stack.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var (dir, rel, depth) = stack.Pop();
            List<Entry> entries;
            try
            {
                // The enumerator's own stat data answers "folder? symlink? size?" without a system call per question.
                entries = new FileSystemEnumerable<Entry>(dir, static (ref FileSystemEntry e) => new Entry(
                    e.FileName.ToString(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0, e.IsDirectory ? 0 : e.Length, e.LastWriteTimeUtc.UtcTicks), enumeration).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                issues.Add(new ScanIssue(ScanIssueSeverity.Warning, rel, 0, $"folder not readable: {e.Message}"));
                continue;
            }
            foreach (var entry in entries)
            {
                var entryRel = rel.Length == 0 ? entry.Name : rel + "/" + entry.Name;
                var full = Path.Combine(dir, entry.Name);
                if (rel.Length == 0 && entry.Name == ".git") hasGit = true;
                if (entry.IsDirectory)
                {
                    if (excluded.Contains(entry.Name)) continue;
                    if (entry.IsLink)
                    {
                        // Symlinked folders are never entered: they can loop or lead out of the repository.
                        issues.Add(new ScanIssue(ScanIssueSeverity.Warning, entryRel, 0, "symlinked folder not followed"));
                        continue;
                    }
                    // A clone, submodule or generated fleet inside the repository is a repository of its own: its
                    // manifests are not this one's (a fleet checked out under data/ must not certify the tool around it).
                    if (Sources.DirectorySource.IsGitRoot(full))
                    {
                        nested.Add(entryRel);
                        continue;
                    }
                    if (depth + 1 > options.MaxDepth)
                    {
                        if (!depthWarned) issues.Add(new ScanIssue(ScanIssueSeverity.Warning, entryRel, 0, $"folder deeper than the limit of {options.MaxDepth} levels not read"));
                        depthWarned = true;
                        continue;
                    }
                    stack.Push((full, entryRel, depth + 1));
                    continue;
                }
                var file = new FileEntry(full, entry.Length, entry.WriteTicks);
                if (entry.IsLink)
                {
                    FileSystemInfo? target;
                    try { target = new FileInfo(full).ResolveLinkTarget(true); }
                    catch (IOException) { target = null; }
                    if (target is null || !target.Exists || target is not FileInfo targetFile || !IsInside(realRoot, targetFile.FullName))
                    {
                        issues.Add(new ScanIssue(ScanIssueSeverity.Warning, entryRel, 0, "symlink pointing outside the repository (or nowhere) not followed"));
                        continue;
                    }
                    file = new FileEntry(targetFile.FullName, targetFile.Length, targetFile.LastWriteTimeUtc.Ticks);
                }
                if (files.Count >= options.MaxFilesPerRepository)
                {
                    issues.Add(new ScanIssue(ScanIssueSeverity.Warning, entryRel, 0, $"more than {options.MaxFilesPerRepository} files: the rest of the repository was not read"));
                    stack.Clear();
                    break;
                }
                if (file.Length > options.MaxFileBytes)
                    issues.Add(new ScanIssue(ScanIssueSeverity.Warning, entryRel, 0, $"file of {file.Length} bytes is over the {options.MaxFileBytes}-byte limit and was not read"));
                files[entryRel] = file;
            }
        }
        if (nested.Count > 0)
        {
            nested.Sort(StringComparer.Ordinal);
            issues.Add(new ScanIssue(ScanIssueSeverity.Warning, nested[0], 0,
                $"{nested.Count} nested git {(nested.Count == 1 ? "repository was" : "repositories were")} not read as part of this one " +
                $"({string.Join(", ", nested.Take(3))}{(nested.Count > 3 ? ", ..." : "")}): each is a repository of its own; scan it as a source"));
        }
        var ordered = files.Keys.ToList();
        ordered.Sort(StringComparer.Ordinal);
        return new SafeRepositoryReader(name ?? rootInfo.Name, realRoot, files, ordered, issues, options.MaxFileBytes, cancellation) { HasGit = hasGit };
    }

    private readonly record struct Entry(string Name, bool IsDirectory, bool IsLink, long Length, long WriteTicks);

    /// <summary>Where a listed file really is, its size and last write time (the stat data fingerprints may reuse).</summary>
    internal readonly record struct FileEntry(string Physical, long Length, long WriteTicks);

    internal FileEntry? EntryOf(string relativePath) => _files.TryGetValue(relativePath, out var f) ? f : null;

    public bool TryReadText(string relativePath, out string text, out string? reason)
    {
        _cancellation.ThrowIfCancellationRequested();
        text = "";
        if (!_files.TryGetValue(relativePath, out var f)) { reason = "not in the repository (or skipped by the safety rules)"; return false; }
        if (f.Length > _maxFileBytes) { reason = $"file of {f.Length} bytes is over the {_maxFileBytes}-byte limit"; return false; }
        if (_bytes.TryGetValue(relativePath, out var cached))
        {
            using var ms = new MemoryStream(cached, writable: false);
            using var cachedReader = new StreamReader(ms, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = cachedReader.ReadToEnd();
            reason = null;
            return true;
        }
        if (!ReadListed(f, out var bytes, out reason)) return false;
        using var stream = new MemoryStream(bytes, writable: false);
        using var sr = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        text = sr.ReadToEnd();
        return true;
    }

    /// <summary>
    /// The one place a listed file is opened. A file the file system reports as empty is never opened: a regular one has
    /// nothing to read, and FIFOs, sockets and devices report zero bytes (opening a FIFO would wait for a writer forever).
    /// Reads stop one byte past the limit whatever size was listed, so a file that grew, or a device, costs at most that.
    /// </summary>
    private bool ReadListed(FileEntry f, out byte[] bytes, out string? reason)
    {
        RepositoryMemoryBudget.Current?.Check();
        bytes = [];
        reason = null;
        if (f.Length == 0) return true;
        try
        {
            bytes = BoundedRead.ReadAll(f.Physical, _maxFileBytes);
            return true;
        }
        catch (InvalidDataException e) { reason = e.Message; return false; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> bytes from the start of a listed file within the size limit; <paramref name="length"/>
    /// is the file's whole size, so the caller knows when it got less. False (with the reason) as for <see cref="TryReadText"/>.
    /// </summary>
    internal bool TryReadHead(string relativePath, int maxBytes, out byte[] head, out long length, out string? reason)
    {
        _cancellation.ThrowIfCancellationRequested();
        head = [];
        length = 0;
        if (!_files.TryGetValue(relativePath, out var f)) { reason = "not in the repository (or skipped by the safety rules)"; return false; }
        if (f.Length > _maxFileBytes) { reason = $"file of {f.Length} bytes is over the {_maxFileBytes}-byte limit"; return false; }
        if (_bytes.TryGetValue(relativePath, out var cached))
        {
            length = cached.Length;
            head = cached.Length <= maxBytes ? cached : cached[..maxBytes];
            reason = null;
            return true;
        }
        if (!ReadListed(f, out var bytes, out reason)) return false;
        length = bytes.Length;
        head = bytes.Length <= maxBytes ? bytes : bytes[..maxBytes];
        return true;
    }

    /// <summary>Reads raw bytes of a listed file within the size limit (for fingerprints); null when not readable.</summary>
    public byte[]? TryReadBytes(string relativePath)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (!_files.TryGetValue(relativePath, out var f) || f.Length > _maxFileBytes) return null;
        if (!ReadListed(f, out var bytes, out _)) return null;
        _bytes[relativePath] = bytes;
        return bytes;
    }

    private static bool IsInside(string root, string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
