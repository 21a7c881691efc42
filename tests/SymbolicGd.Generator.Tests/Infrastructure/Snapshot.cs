using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace SymbolicGd.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot testing without Verify: compares text with the checked-in <c>Snapshots/&lt;Class&gt;.&lt;Test&gt;.verified.cs.txt</c>
/// (the .txt keeps it out of compilation). On a mismatch it writes <c>.received.cs.txt</c> beside it and fails with
/// a line diff; set SYMBOLICGD_ACCEPT_SNAPSHOTS=1 to accept the received text as the new snapshot. The version in
/// the generated <c>[GeneratedCode]</c> attributes is written as <c>{version}</c>, so a version bump changes no snapshot
/// (VersionTests checks the real one).
/// </summary>
public static class Snapshot
{
    private const string AcceptVariable = "SYMBOLICGD_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string? name = null, [CallerMemberName] string test = "", [CallerFilePath] string file = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(file)!, "Snapshots");
        string stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(file)}.{name ?? test}");
        string verifiedPath = stem + ".verified.cs.txt";
        string receivedPath = stem + ".received.cs.txt";
        actual = Normalize(actual);

        bool accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual, new UTF8Encoding(false));
            File.Delete(receivedPath);
            return;
        }

        string? expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual, new UTF8Encoding(false));
        string message = expected is null
            ? $"No snapshot at {verifiedPath}. Wrote {receivedPath}; review it and run with {AcceptVariable}=1 to accept."
            : $"Snapshot {verifiedPath} differs (received: {receivedPath}; run with {AcceptVariable}=1 to accept):{Environment.NewLine}{Diff(expected, actual)}";
        Assert.Fail(message);
    }

    private static readonly Regex s_generatedCodeVersion =
        new(@"(GeneratedCode\(""SymbolicGd\.Generator"", "")[^""]*(""\))", RegexOptions.CultureInvariant);

    private static string Normalize(string text) =>
        s_generatedCodeVersion.Replace(text.Replace("\r\n", "\n").TrimStart('\uFEFF'), "${1}{version}${2}");

    private static string Diff(string expected, string actual)
    {
        var diff = new InlineDiffBuilder(new DiffPlex.Differ()).BuildDiffModel(expected, actual, ignoreWhitespace: false);
        var builder = new StringBuilder();
        int shown = 0;
        foreach (var line in diff.Lines)
        {
            string? prefix = line.Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => null,
            };
            if (prefix is null)
            {
                continue;
            }

            builder.Append(line.Position?.ToString().PadLeft(5) ?? "     ").Append(' ').Append(prefix).AppendLine(line.Text);
            if (++shown == 60)
            {
                builder.AppendLine("  … (more differences)");
                break;
            }
        }

        return builder.ToString();
    }
}
