using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Shared;

/// <summary>
/// Runs the work for a deeply nested loss on a thread of its own with a large stack. Roslyn binds a nested
/// expression such as <c>Math.Tanh(p0 * Math.Tanh(p0 * …))</c> with stack guards, so the compiler accepts about a
/// thousand levels on its 1.5 MB threads, but <c>GetOperation</c>, which the generator must call, recurses without
/// one and overflowed at about 330 nested calls: a stack overflow ends the whole compiler process, whatever the
/// generator catches. Shallow models, nearly all of them, run inline.
/// </summary>
internal static class DeepStack
{
    /// <summary>Nesting up to this depth (counted in expressions, see <see cref="SyntaxDepthExceeds"/>) runs inline.</summary>
    public const int InlineDepth = 100;

    /// <summary>
    /// The deep thread's stack: room for about 150,000 levels at the 1.5 KB a level that <c>GetOperation</c> takes,
    /// far past what the compiler itself can bind. Only touched pages are committed, so the size costs nothing.
    /// </summary>
    private const int DeepStackBytes = 256 * 1024 * 1024;

    // Text shorter than this cannot nest deeply enough to matter (each level is at least a few characters), so
    // small classes skip the depth walk.
    private const int ShortText = 1024;

    public static T Run<T>(bool deep, Func<T> work)
    {
        if (!deep)
        {
            return work();
        }

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            DeepStackBytes)
        {
            IsBackground = true,
            Name = "SymbolicGd deeply nested loss",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Whether expressions in <paramref name="root"/> nest more than <see cref="InlineDepth"/> deep.</summary>
    public static bool SyntaxDepthExceeds(SyntaxNode root, CancellationToken cancellationToken)
    {
        if (root.FullSpan.Length < ShortText)
        {
            return false;
        }

        var pending = new Stack<(SyntaxNode Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (node is ExpressionSyntax && ++depth > InlineDepth)
            {
                return true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var child in node.ChildNodes())
            {
                // Each level of nesting takes at least one character of its own (an operator, a parenthesis, a dot),
                // so a subtree can add at most about its width in levels: the statements of a long loss are short,
                // and skipping them keeps the walk from visiting every node of the loss.
                if (depth + child.Span.Length + 2 > InlineDepth)
                {
                    pending.Push((child, depth));
                }
            }
        }

        return false;
    }

    /// <summary>Whether any function's expression tree nests more than <see cref="InlineDepth"/> deep.</summary>
    public static bool SpecDepthExceeds(ModelSpec spec)
    {
        if (DepthExceeds(spec.Loss))
        {
            return true;
        }

        foreach (var helper in spec.Helpers)
        {
            if (DepthExceeds(helper))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DepthExceeds(FunctionSpec function)
    {
        // The parser adds an expression after its operands, so one pass in order sees every operand's depth first.
        var depth = new int[function.Expressions.Count];
        for (int i = 0; i < depth.Length; i++)
        {
            int deepest = 0;
            foreach (int operand in function.Expressions[i].Operands)
            {
                if (operand >= 0 && operand < i && depth[operand] > deepest)
                {
                    deepest = depth[operand];
                }
            }

            depth[i] = deepest + 1;
            if (depth[i] > InlineDepth)
            {
                return true;
            }
        }

        return false;
    }
}
