using System;
using System.Globalization;
using SymbolicGd.Runtime.Tests.Checkpoints;

namespace SymbolicGd.Runtime.Tests;

/// <summary>
/// The test assembly's entry point, in place of the one Microsoft.NET.Test.Sdk generates (GenerateProgramFile is
/// false): the test host never calls it, and CheckpointCrashTests starts this assembly as a child process to kill it
/// while it saves checkpoints.
/// </summary>
public static class Program
{
    public const string SaveLoopCommand = "save-checkpoints-in-a-loop";

    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == SaveLoopCommand)
        {
            Wide.SaveInALoop(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        }

        Console.Error.WriteLine($"This is a test assembly; run it with dotnet test. ({SaveLoopCommand} <path> <first epoch> saves checkpoints until killed.)");
        return 2;
    }
}
