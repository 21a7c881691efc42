using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace SymbolicGd.Runtime.Tests.Checkpoints;

/// <summary>
/// <see cref="Checkpoint.Save"/> never loses the previous checkpoint: a stream that fails part-way, a rename that
/// fails, and a process killed while it saves in a loop all leave a file that loads and holds the old checkpoint or
/// the new one.
/// </summary>
public sealed class CheckpointCrashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symbolicgd-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(-1)] // the last byte
    public void A_write_that_fails_part_way_leaves_the_previous_file_and_no_temporary_file(int failAt)
    {
        string path = Path.Combine(_folder, "run.json");
        Checkpoint old = Wide.Checkpoint(epoch: 1, count: 50);
        old.Save(path);
        string before = File.ReadAllText(path);
        Checkpoint next = Wide.Checkpoint(epoch: 2, count: 50);
        long length = next.ToJson().Length;
        long at = failAt >= 0 ? failAt : length - 1;

        var error = Assert.Throws<IOException>(() => next.SaveThrough(path, stream => new FailingStream(stream, at)));

        Assert.Equal("The disk failed at byte " + at + ".", error.Message);
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Equal(1, Checkpoint.Load(path).Epoch);
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_rename_that_fails_leaves_no_temporary_file()
    {
        string path = Path.Combine(_folder, "taken");
        Directory.CreateDirectory(path); // a folder where the file should go: the rename fails
        Assert.ThrowsAny<IOException>(() => Wide.Checkpoint(epoch: 1, count: 3).Save(path));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Save_creates_a_file_and_then_replaces_it()
    {
        string path = Path.Combine(_folder, "run.json");
        Wide.Checkpoint(epoch: 1, count: 3).Save(path);
        Wide.Checkpoint(epoch: 2, count: 3).Save(path);
        Assert.Equal(2, Checkpoint.Load(path).Epoch);
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder));
    }

    /// <summary>
    /// Starts this test assembly as a child process (<see cref="Program"/>) that saves checkpoints of 20,000
    /// parameters to one file as fast as it can, kills it at a random moment while it does, and loads the file: it
    /// must always load and be one whole checkpoint, the one there before or one the child wrote. Three kills, each
    /// a few tens of milliseconds into the loop (saving takes a few milliseconds, most of it writing).
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task A_process_killed_while_it_saves_leaves_a_whole_checkpoint()
    {
        string path = Path.Combine(_folder, "run.json");
        Wide.Checkpoint(epoch: 0, count: Wide.ChildCount).Save(path);
        var random = new Random(1);
        int previous = 0;
        for (int kill = 1; kill <= 3; kill++)
        {
            int first = kill * 1_000_000;
            using Process child = StartChild(path, first);
            try
            {
                // The child says "saved N" after every save; kill it while it writes the next ones.
                string? line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                if (line is null || !line.StartsWith("saved ", StringComparison.Ordinal))
                {
                    Assert.Fail($"The child said '{line}' and exited: {await child.StandardError.ReadToEndAsync()}");
                }

                await System.Threading.Tasks.Task.Delay(random.Next(0, 40));
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }

            Checkpoint loaded = Checkpoint.Load(path); // a torn file throws FormatException here
            Assert.True(loaded.Epoch == previous || loaded.Epoch >= first, $"epoch {loaded.Epoch} after kill {kill}");
            Assert.Equal(Wide.ChildCount, loaded.Parameters.Count);
            Assert.Equal(Wide.Values(loaded.Epoch, Wide.ChildCount), loaded.Parameters);
            previous = loaded.Epoch;
        }

        // Leftovers of a killed save are only ever the hidden temporary files, never read.
        Assert.All(
            Directory.GetFiles(_folder).Where(f => f != path),
            f => Assert.Matches(@"^\.run\.json\.[0-9a-f]{32}\.tmp$", Path.GetFileName(f)));
    }

    private static Process StartChild(string path, int firstEpoch)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet
            : Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process
            : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(Program.SaveLoopCommand);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(firstEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
    }

    /// <summary>Passes writes through until byte <c>failAt</c>, then fails as a full disk would.</summary>
    private sealed class FailingStream(Stream inner, long failAt) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            long room = failAt - _written;
            if (buffer.Length > room)
            {
                inner.Write(buffer[..(int)Math.Max(0, room)]);
                _written = failAt;
                throw new IOException("The disk failed at byte " + failAt + ".");
            }

            inner.Write(buffer);
            _written += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>A model of any number of parameters p0, p1, … whose values say which checkpoint they belong to.</summary>
internal sealed class Wide : IDifferentiable
{
    public const int ChildCount = 20_000;

    private readonly double[] _values;
    private readonly string[] _names;

    public Wide(int count)
    {
        _values = new double[count];
        _names = Enumerable.Range(0, count).Select(i => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    public int ParameterCount => _values.Length;

    public IReadOnlyList<string> ParameterNames => _names;

    public IReadOnlyList<string> IntermediateNames => Array.Empty<string>();

    public IReadOnlyList<Derivative> Derivatives { get; } = new[] { new Derivative("L", "p0", "1") };

    /// <summary>Parameter i of the checkpoint of epoch e: e + i/3, so a mixture of two checkpoints shows.</summary>
    public static double[] Values(int epoch, int count) => Enumerable.Range(0, count).Select(i => epoch + i / 3.0).ToArray();

    public static Checkpoint Checkpoint(int epoch, int count)
    {
        var model = new Wide(count);
        model.SetParameters(Values(epoch, count));
        return SymbolicGd.Checkpoint.Capture(model, epoch: epoch);
    }

    public void CopyParametersTo(Span<double> destination) => _values.CopyTo(destination);

    public void SetParameters(ReadOnlySpan<double> values) => values.CopyTo(_values);

    /// <summary>The child process's loop: saves the checkpoints of epochs first, first + 1, … until it is killed.</summary>
    public static void SaveInALoop(string path, int firstEpoch)
    {
        for (int epoch = firstEpoch; ; epoch++)
        {
            Checkpoint(epoch, ChildCount).Save(path);
            Console.Out.WriteLine("saved " + epoch.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Console.Out.Flush();
        }
    }
}
