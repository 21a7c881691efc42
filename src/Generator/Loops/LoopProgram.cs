using System;
using System.Collections.Generic;
using System.Linq;
using SymbolicGd.Generator.Scalar;

namespace SymbolicGd.Generator.Loops;

/// <summary>
/// A loss with loops or arrays, cut into what reverse mode treats differently: regions of straight-line statements
/// (ifs included), each lowered to a graph of its own, and the loops between them, each run backwards by the reverse
/// sweep. The shape is Tapenade's: the forward sweep runs the loss as written; the reverse sweep visits the items in
/// reverse order, a loop's iterations from last to first, and each region sends the adjoints of what it wrote back to
/// what it read. A value a region overwrites that an earlier region's derivative still needs is pushed on a tape before
/// the write and popped before that region is visited again.
/// </summary>
internal sealed class LoopProgram
{
    private LoopProgram(FunctionSpec loss, List<Item> items, List<RegionItem> regions, Dictionary<string, int> localArrays)
    {
        Loss = loss;
        Items = items;
        Regions = regions;
        LocalArrays = localArrays;
    }

    public FunctionSpec Loss { get; }

    /// <summary>The loss's top level: regions and loops, in order.</summary>
    public IReadOnlyList<Item> Items { get; }

    /// <summary>Every region, in program order (<see cref="RegionItem.Order"/>).</summary>
    public IReadOnlyList<RegionItem> Regions { get; }

    /// <summary>The local arrays (by key) and their lengths, in declaration order.</summary>
    public IReadOnlyDictionary<string, int> LocalArrays { get; }

    /// <summary>The keys of the loss's scalar locals that more than one region reads or writes: each is a variable of the
    /// whole method. A local only one region uses stays that region's own (its node is named after it there).</summary>
    public ISet<string> Hoisted { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    internal abstract class Item
    {
        protected Item(LoopItem? parent) => Parent = parent;

        /// <summary>The innermost loop around the item, or null at the top level.</summary>
        public LoopItem? Parent { get; }

        /// <summary>The loops around the item, innermost first.</summary>
        public IEnumerable<LoopItem> Enclosing
        {
            get
            {
                for (var loop = Parent; loop is not null; loop = loop.Parent)
                {
                    yield return loop;
                }
            }
        }
    }

    internal sealed class LoopItem : Item
    {
        public LoopItem(LoopSpec loop, LoopItem? parent)
            : base(parent) => Loop = loop;

        public LoopSpec Loop { get; }

        public List<Item> Body { get; } = new();
    }

    internal sealed class RegionItem : Item
    {
        public RegionItem(LoopItem? parent, int order)
            : base(parent) => Order = order;

        public int Order { get; }

        public List<int> Statements { get; } = new();

        /// <summary>Keys whose value on entry the region may read: locals, elements (<c>z[k]</c>), arguments, and keys
        /// assigned on one branch of an if (the other keeps the value on entry).</summary>
        public HashSet<string> Reads { get; } = new(StringComparer.Ordinal);

        /// <summary>Keys the region assigns: locals and elements.</summary>
        public HashSet<string> Writes { get; } = new(StringComparer.Ordinal);

        /// <summary>Keys of the scalar locals declared in the region.</summary>
        public HashSet<string> Declares { get; } = new(StringComparer.Ordinal);

        /// <summary>Per local array the region writes, the indices it writes it at, as C# writes them.</summary>
        public Dictionary<string, HashSet<string>> WrittenIndices { get; } = new(StringComparer.Ordinal);

        public bool Returns { get; set; }

        public bool SharesLoopWith(RegionItem other) => Enclosing.Intersect(other.Enclosing).Any();
    }

    public static LoopProgram Build(FunctionSpec loss)
    {
        var items = new List<Item>();
        var regions = new List<RegionItem>();
        var arrays = new Dictionary<string, int>(StringComparer.Ordinal);
        Flatten(loss, loss.Body, null, items, regions, arrays);
        var program = new LoopProgram(loss, items, regions, arrays);
        program.Hoisted = program.FindHoisted();
        return program;
    }

    private static void Flatten(FunctionSpec loss, IEnumerable<int> statements, LoopItem? parent, List<Item> items, List<RegionItem> regions, Dictionary<string, int> arrays)
    {
        foreach (int index in statements)
        {
            var statement = loss.Statements[index];
            switch (statement.Kind)
            {
                case StatementKind.Block:
                    Flatten(loss, statement.Then, parent, items, regions, arrays);
                    break;

                case StatementKind.DeclareArray:
                    arrays[statement.Target!] = statement.Length;
                    break;

                case StatementKind.For:
                    var loop = new LoopItem(statement.Loop!, parent);
                    items.Add(loop);
                    Flatten(loss, statement.Then, loop, loop.Body, regions, arrays);
                    break;

                default:
                    var reads = new HashSet<string>(StringComparer.Ordinal);
                    var writes = new HashSet<string>(StringComparer.Ordinal);
                    var declares = new HashSet<string>(StringComparer.Ordinal);
                    var indices = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                    bool returns = false;
                    Scan(loss, index, reads, writes, declares, indices, inBranch: false, ref returns);
                    if (items.LastOrDefault() is not RegionItem region || Aliases(region, reads, indices))
                    {
                        region = new RegionItem(parent, regions.Count);
                        regions.Add(region);
                        items.Add(region);
                    }

                    region.Statements.Add(index);
                    region.Reads.UnionWith(reads.Where(key => !region.Writes.Contains(key)));
                    region.Writes.UnionWith(writes);
                    region.Declares.UnionWith(declares);
                    region.Returns |= returns;
                    foreach (var pair in indices)
                    {
                        if (!region.WrittenIndices.TryGetValue(pair.Key, out var set))
                        {
                            region.WrittenIndices[pair.Key] = set = new HashSet<string>(StringComparer.Ordinal);
                        }

                        set.UnionWith(pair.Value);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Whether the statement reads or writes an element of an array the region already writes at another index: the
    /// two might be one element or two, which only the values of the indices tell, so the statement starts a new region
    /// (each region's graph keys elements by how their index is written).
    /// </summary>
    private static bool Aliases(RegionItem region, HashSet<string> reads, Dictionary<string, HashSet<string>> writtenIndices)
    {
        foreach (string key in reads.Concat(writtenIndices.SelectMany(pair => pair.Value.Select(i => ElementKey.Of(pair.Key, i)))))
        {
            if (ElementKey.IsElement(key) && region.WrittenIndices.TryGetValue(ElementKey.ArrayOf(key), out var written) &&
                written.Any(index => index != ElementKey.IndexOf(key)))
            {
                return true;
            }
        }

        return false;
    }

    private static void Scan(FunctionSpec loss, int index, HashSet<string> reads, HashSet<string> writes, HashSet<string> declares,
        Dictionary<string, HashSet<string>> writtenIndices, bool inBranch, ref bool returns)
    {
        var statement = loss.Statements[index];
        for (int e = statement.ExpressionStart; e >= 0 && e <= statement.Expression; e++)
        {
            var expression = loss.Expressions[e];
            switch (expression.Kind)
            {
                case ExprKind.Variable:
                    reads.Add(expression.Name!);
                    break;
                case ExprKind.Element when expression.Index < 0:
                    reads.Add(ElementKey.Of(expression.Name!, expression.Code!));
                    break;
            }
        }

        switch (statement.Kind)
        {
            case StatementKind.Declare:
                declares.Add(statement.Target!);
                writes.Add(statement.Target!);
                break;
            case StatementKind.Assign:
                string written = statement.Written!;
                if (statement.Operator >= 0 || inBranch)
                {
                    reads.Add(written); // a compound assignment reads it; on one branch, the other keeps it
                }

                writes.Add(written);
                if (statement.Index is not null)
                {
                    if (!writtenIndices.TryGetValue(statement.Target!, out var set))
                    {
                        writtenIndices[statement.Target!] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(statement.Index);
                }

                break;
            case StatementKind.Return:
                returns = true;
                break;
            case StatementKind.If:
                foreach (int inner in statement.Then.Concat(statement.Else))
                {
                    Scan(loss, inner, reads, writes, declares, writtenIndices, inBranch: true, ref returns);
                }

                break;
            case StatementKind.Block:
                foreach (int inner in statement.Then)
                {
                    Scan(loss, inner, reads, writes, declares, writtenIndices, inBranch, ref returns);
                }

                break;
        }
    }

    private HashSet<string> FindHoisted()
    {
        var regionsOf = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var region in Regions)
        {
            foreach (string key in region.Reads.Concat(region.Writes))
            {
                if (ElementKey.IsElement(key) || Loss.Arguments.Contains(key))
                {
                    continue;
                }

                if (!regionsOf.TryGetValue(key, out var set))
                {
                    regionsOf[key] = set = new HashSet<int>();
                }

                set.Add(region.Order);
            }
        }

        return new HashSet<string>(regionsOf.Where(pair => pair.Value.Count > 1).Select(pair => pair.Key), StringComparer.Ordinal);
    }

    /// <summary>Whether the value the region leaves in the key (a hoisted local or an element) may be read after it:
    /// by a later region, or by any region in a loop it shares (a later iteration).</summary>
    public bool IsLiveOut(RegionItem region, string key)
    {
        string? array = ElementKey.IsElement(key) ? ElementKey.ArrayOf(key) : null;
        foreach (var other in Regions)
        {
            if (other.Order <= region.Order && !other.SharesLoopWith(region))
            {
                continue;
            }

            if (other == region && !region.SharesLoopWith(region))
            {
                continue;
            }

            bool reads = array is null
                ? other.Reads.Contains(key)
                : other.Reads.Any(read => ElementKey.IsElement(read) && ElementKey.ArrayOf(read) == array);
            if (reads)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="reader"/> runs, in the forward sweep, before <paramref name="writer"/> can
    /// overwrite what it read: it is the writer, comes earlier, or shares a loop with it.</summary>
    public static bool RunsBefore(RegionItem reader, RegionItem writer) =>
        reader == writer || reader.Order < writer.Order || reader.SharesLoopWith(writer);
}
