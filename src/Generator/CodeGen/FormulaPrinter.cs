using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.CodeGen;

/// <summary>
/// Writes nodes as a person writes formulas: <c>·</c> for products, <c>−</c> for minus, powers as superscripts,
/// σ for the sigmoid, and only the parentheses the mathematics needs. Named locals appear by name; a parameter or
/// member that a data argument or a local of the same name hides reads <c>this.w</c>, as in C#. Other nodes are
/// expanded. A printer for comments beside the generated code refers to a local of that code whose expansion would
/// be long by its name, so that those comments stay proportional to the code; a printer for readers
/// (<see cref="ForReaders"/>: the derivation, <c>Derivatives</c>) never names a generated local, and cuts a formula
/// longer than <see cref="MaxReaderLength"/> with a note instead.
/// </summary>
internal sealed class FormulaPrinter
{
    /// <summary>Past this many characters an expansion is replaced by the generated local's name, unless the printer
    /// is given another budget.</summary>
    public const int ExpansionBudget = 160;

    /// <summary>The longest formula a reader's printer writes whole; past it the formula is cut with a note.</summary>
    /// <remarks>A closed form without the generated locals can grow with the square of the loss (a chain of
    /// compositions) or worse: past a few thousand characters it no longer helps a reader, and building it would
    /// cost the compiler time and memory out of proportion to the model.</remarks>
    public const int MaxReaderLength = 4_000;

    /// <summary>Expansions up to this long are made once and kept (see <c>_text</c>).</summary>
    private const int CachedLength = ExpansionBudget;

    /// <summary>How much of a cut formula is kept, so that it still shows how it starts.</summary>
    private const int CutPrefixLength = 240;

    // Precedence, loosest first: what an operand needs parentheses against.
    private const int Choice = 5;
    private const int Disjunction = 10;
    private const int Conjunction = 20;
    private const int Relation = 30;
    private const int Sum = 50;
    private const int Negation = 65;
    private const int Product = 70;
    private const int Power = 90;
    private const int Atom = 100;

    private readonly Graph _graph;
    private readonly NameTable _names;
    private readonly Func<int, bool> _hasLocal;
    private readonly int _maxLength;
    private readonly int _expansionBudget;
    private HashSet<string>? _hidden;

    // Per node, once its expansion has been measured: the length of its text (saturated at LengthCap) and its
    // precedence. Formulas are measured first and written afterwards, so that only the text that is printed is ever
    // built: building every node's text, as strings joined from their operands', cost a long loss a third of its
    // generation time and hundreds of megabytes.
    private long[] _length = Array.Empty<long>();
    private int[] _precedence = Array.Empty<int>();
    private bool[] _measured = Array.Empty<bool>();

    // Per operand, once asked: the name it is referenced by, or "" if it is written out.
    private string?[] _reference = Array.Empty<string?>();

    // Per leaf, once written: its text and precedence.
    private LeafText?[] _leafText = Array.Empty<LeafText?>();

    // Per node no longer than CachedLength, once written: its expansion. The comments beside a long chain of
    // generated locals repeat the same short expansions line after line (each expands its operands up to
    // ExpansionBudget characters), so these are kept and copied rather than written again piece by piece; keeping
    // only short ones bounds the memory by CachedLength characters a node.
    private string?[] _text = Array.Empty<string?>();
    private readonly List<List<Piece>> _templates = new();
    private readonly List<StringBuilder> _builders = new();

    private readonly List<Piece> _template = new();
    private readonly Stack<(int Node, bool OperandsDone)> _toMeasure = new();
    private readonly Stack<Piece> _toWrite = new();

    /// <summary>Lengths add up along a graph whose text can grow exponentially (x = x·x, repeated): they stop here.</summary>
    private const long LengthCap = 1L << 50;

    /// <param name="hasLocal">Whether the generated code holds the node in a local it can be called by.</param>
    /// <param name="expansionBudget">Past this many characters an operand with a local is written by its name; 0 names
    /// every operand that has one.</param>
    public FormulaPrinter(Graph graph, NameTable names, Func<int, bool> hasLocal, int expansionBudget = ExpansionBudget)
        : this(graph, names, hasLocal, int.MaxValue, expansionBudget)
    {
    }

    private FormulaPrinter(Graph graph, NameTable names, Func<int, bool> hasLocal, int maxLength, int expansionBudget)
    {
        _graph = graph;
        _names = names;
        _hasLocal = hasLocal;
        _maxLength = maxLength;
        _expansionBudget = expansionBudget;
    }

    /// <summary>A printer whose formulas name only what the user wrote (parameters, data arguments, members and the
    /// user's own locals), cut with a note past <see cref="MaxReaderLength"/> characters.</summary>
    public static FormulaPrinter ForReaders(Graph graph, NameTable names) => new(graph, names, _ => false, MaxReaderLength, ExpansionBudget);

    /// <summary>The node written out: its own definition, with its operands by name where they have one.</summary>
    public string Expand(int node)
    {
        long length = Measure(node);
        bool cut = length > _maxLength;

        // A cut formula keeps its first CutPrefixLength characters: one more is written to see whether the cut
        // falls inside a word.
        var text = Write(node, cut ? CutPrefixLength + 1 : int.MaxValue, length);
        if (!cut || text.Length <= CutPrefixLength)
        {
            return text.ToString();
        }

        // Not inside a name or number, nor between the halves of a surrogate pair.
        int kept = CutPrefixLength;
        while (kept > 0 && (InWord(text[kept - 1]) && InWord(text[kept]) || char.IsHighSurrogate(text[kept - 1])))
        {
            kept--;
        }

        return text.ToString(0, kept) + " … (abbreviated: the whole formula is longer than " +
               _maxLength.ToString("N0", CultureInfo.InvariantCulture) + " characters)";
    }

    /// <summary>For a comment that is cut at <paramref name="maxLength"/> characters: the start of the node's
    /// expansion, all of it if it is no longer, and the length of the whole, without writing the rest.</summary>
    public (string Start, long Length) Start(int node, int maxLength)
    {
        long length = Measure(node);
        var text = Write(node, maxLength, length);
        return (text.Length > maxLength ? text.ToString(0, maxLength) : text.ToString(), length);
    }

    /// <summary>Writes the node's expansion until the text holds at least <paramref name="stopAt"/> characters.</summary>
    private StringBuilder Write(int node, int stopAt, long length)
    {
        var text = new StringBuilder((int)Math.Min(length, stopAt) + 1);
        _toWrite.Clear();
        _toWrite.Push(Piece.ExpansionOf(node));
        while (_toWrite.Count > 0 && text.Length < stopAt)
        {
            var piece = _toWrite.Pop();
            switch (piece.Kind)
            {
                case PieceKind.Text:
                    text.Append(piece.Text);
                    break;
                case PieceKind.Expansion when _length[piece.Node] <= CachedLength:
                    text.Append(TextOf(piece.Node, depth: 0));
                    break;
                case PieceKind.Expansion:
                    _template.Clear();
                    Template(piece.Node, _template);
                    for (int i = _template.Count - 1; i >= 0; i--)
                    {
                        _toWrite.Push(_template[i]);
                    }

                    break;
                default:
                    if (TryName(piece.Node, out string name))
                    {
                        text.Append(name);
                    }
                    else if (NeedsParentheses(piece))
                    {
                        text.Append('(');
                        _toWrite.Push(Piece.Of(")"));
                        _toWrite.Push(Piece.ExpansionOf(piece.Node));
                    }
                    else
                    {
                        _toWrite.Push(Piece.ExpansionOf(piece.Node));
                    }

                    break;
            }
        }

        return text;
    }

    /// <summary>The whole expansion of a node no longer than <see cref="CachedLength"/>, made once.</summary>
    /// <remarks>Its operands are short too, so the recursion is at most <see cref="CachedLength"/> levels deep
    /// (every level writes a character of its own).</remarks>
    private string TextOf(int node, int depth)
    {
        if (_text[node] is { } cached)
        {
            return cached;
        }

        if (depth == _templates.Count)
        {
            _templates.Add(new List<Piece>());
            _builders.Add(new StringBuilder());
        }

        var pieces = _templates[depth];
        pieces.Clear();
        Template(node, pieces);
        var text = _builders[depth].Clear();
        foreach (var piece in pieces)
        {
            if (piece.Kind == PieceKind.Text)
            {
                text.Append(piece.Text);
            }
            else if (TryName(piece.Node, out string name))
            {
                text.Append(name);
            }
            else if (NeedsParentheses(piece))
            {
                text.Append('(').Append(TextOf(piece.Node, depth + 1)).Append(')');
            }
            else
            {
                text.Append(TextOf(piece.Node, depth + 1));
            }
        }

        return _text[node] = text.ToString();
    }

    private bool IsWrittenByName(int node) => !Graph.IsLeaf(_graph[node].Op) && _names.IsUserNamed(node) && _names.TryGet(node, out _);

    /// <summary>The name an operand is written by inside a larger formula, if it is not written out: a local the user
    /// named, or (in comments beside the code) a generated local whose expansion would be long.</summary>
    /// <remarks>Asked only of a node that is measured or written by name.</remarks>
    private bool TryName(int node, out string name)
    {
        name = _reference[node] ??= ReferenceName(node);
        return name.Length > 0;
    }

    private string ReferenceName(int node)
    {
        if (IsWrittenByName(node) && _names.TryGet(node, out string name))
        {
            return name;
        }

        return _length[node] > _expansionBudget && _hasLocal(node) ? _names.For(node) : string.Empty;
    }

    /// <summary>How tightly an operand binds where it is referenced: a name is an atom.</summary>
    private int ReferencePrecedence(int node, out bool named)
    {
        named = TryName(node, out _);
        return named ? Atom : _precedence[node];
    }

    private bool NeedsParentheses(Piece reference)
    {
        int precedence = ReferencePrecedence(reference.Node, out bool named);
        return reference.Kind switch
        {
            // The first factor of a product: a leading minus needs no parentheses (−a·b), a quotient does ((a/b)·c).
            PieceKind.Factor => precedence < Negation || (!named && precedence == Product && _graph[reference.Node].Op == Op.Divide),
            PieceKind.Wrapped => precedence < reference.Minimum,
            _ => false,
        };
    }

    /// <summary>The length of the node's expansion, measuring it and every operand it writes out first.</summary>
    private long Measure(int id)
    {
        if (_measured.Length < _graph.Count)
        {
            int size = Math.Max(_graph.Count, 2 * _measured.Length);
            Array.Resize(ref _length, size);
            Array.Resize(ref _precedence, size);
            Array.Resize(ref _measured, size);
            Array.Resize(ref _reference, size);
            Array.Resize(ref _leafText, size);
            Array.Resize(ref _text, size);
        }

        // Operands first, in a loop rather than by recursion: a chain of thousands of statements is a graph thousands
        // of nodes deep, and recursing along it overflowed the compiler's stack.
        _toMeasure.Clear();
        _toMeasure.Push((id, false));
        while (_toMeasure.Count > 0)
        {
            var (node, operandsDone) = _toMeasure.Pop();
            if (_measured[node])
            {
                continue;
            }

            if (operandsDone)
            {
                _template.Clear();
                _precedence[node] = Template(node, _template);
                long length = 0;
                foreach (var piece in _template)
                {
                    long pieceLength = piece.Kind == PieceKind.Text
                        ? piece.Text.Length
                        : TryName(piece.Node, out string name) ? name.Length : _length[piece.Node] + (NeedsParentheses(piece) ? 2 : 0);
                    length = Math.Min(length + pieceLength, LengthCap);
                }

                _length[node] = length;
                _measured[node] = true;
                continue;
            }

            _toMeasure.Push((node, true));
            var operands = _graph[node];
            bool logistic = _graph.IsLogistic(node, out int logit);
            for (int i = logistic ? 0 : operands.Arity - 1; i >= 0; i--)
            {
                // A local the user named is written by its name, so its own expansion is not needed: without this,
                // the first formula of a long loss measured every node of the loss.
                int operand = logistic ? logit : operands.Operand(i);
                if (!IsWrittenByName(operand) && !_measured[operand])
                {
                    _toMeasure.Push((operand, false));
                }
            }
        }

        return _length[id];
    }

    private static bool InWord(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '.' || (c >= '₀' && c <= '₉');

    /// <summary>A parameter or member as formulas show it: qualified if a data argument or local of the same name
    /// hides it, as the code must qualify it.</summary>
    private string Qualified(string name, bool instance)
    {
        if (_hidden is null)
        {
            _hidden = new HashSet<string>(_names.UserNames, StringComparer.Ordinal);
            foreach (var data in _graph.Data)
            {
                _hidden.Add(data.Name);
            }
        }

        return _hidden.Contains(name) && instance ? "this." + name : name;
    }

    /// <summary>What the node's text is made of: literal text and references to operands, with how tightly each
    /// operand must bind; returns the precedence of the whole.</summary>
    private int Template(int id, List<Piece> pieces)
    {
        var node = _graph[id];
        if (Graph.IsLeaf(node.Op))
        {
            // A leaf is written in many formulas (1 − u², every product with p0): its text is made once.
            var leaf = _leafText[id] ??= TextOfLeaf(node);
            pieces.Add(Piece.Of(leaf.Text));
            return leaf.Precedence;
        }

        switch (node.Op)
        {
            case Op.Add:
            case Op.Subtract:
                pieces.Add(Piece.Wrap(node.A, Sum));
                SumTail(node.B, subtract: node.Op == Op.Subtract, pieces);
                return Sum;
            case Op.Multiply:
                pieces.Add(Piece.FactorOf(node.A));
                pieces.Add(Piece.Of("·"));
                pieces.Add(Piece.Wrap(node.B, Product));
                return Product;
            case Op.Divide when _graph.IsLogistic(id, out int logit):
                // 1/(1 + exp(−z)) and exp(z)/(1 + exp(z)) are σ(z), as a reader writes them.
                pieces.Add(Piece.Of(FunctionTable.Of(Op.Sigmoid)!.FormulaOpening));
                pieces.Add(Piece.Bare(logit));
                pieces.Add(Piece.Of(")"));
                return Atom;
            case Op.Divide:
                pieces.Add(Piece.Wrap(node.A, Negation));
                pieces.Add(Piece.Of("/"));
                pieces.Add(Piece.Wrap(node.B, Power));
                return Product;
            case Op.Negate:
                pieces.Add(Piece.Of("−"));
                pieces.Add(Piece.Wrap(node.A, Product));
                return Negation;

            case Op.Pow:
                pieces.Add(Piece.Wrap(node.A, Atom));
                if (IsConstant(node.B, out double exponent) && TrySuperscript(exponent, out string superscript))
                {
                    pieces.Add(Piece.Of(superscript));
                }
                else
                {
                    pieces.Add(Piece.Of("^"));
                    pieces.Add(Piece.Wrap(node.B, Atom));
                }

                return Power;
            case Op.Select:
                pieces.Add(Piece.Wrap(node.A, Choice + 1));
                pieces.Add(Piece.Of(" ? "));
                pieces.Add(Piece.Wrap(node.B, Choice + 1));
                pieces.Add(Piece.Of(" : "));
                pieces.Add(Piece.Wrap(node.C, Choice + 1));
                return Choice;

            case Op.Less:
            case Op.LessOrEqual:
            case Op.Greater:
            case Op.GreaterOrEqual:
            case Op.Equal:
            case Op.NotEqual:
                pieces.Add(Piece.Wrap(node.A, Sum));
                pieces.Add(Piece.Of(RelationSymbol(node.Op)));
                pieces.Add(Piece.Wrap(node.B, Sum));
                return Relation;
            case Op.And:
                pieces.Add(Piece.Wrap(node.A, Conjunction));
                pieces.Add(Piece.Of(" && "));
                pieces.Add(Piece.Wrap(node.B, Conjunction));
                return Conjunction;
            case Op.Or:
                pieces.Add(Piece.Wrap(node.A, Disjunction));
                pieces.Add(Piece.Of(" || "));
                pieces.Add(Piece.Wrap(node.B, Disjunction));
                return Disjunction;
            case Op.Not:
                pieces.Add(Piece.Of("!"));
                pieces.Add(Piece.Wrap(node.A, Atom));
                return Negation;

            default:
                return Function(node, pieces);
        }
    }

    private LeafText TextOfLeaf(Node node)
    {
        switch (node.Op)
        {
            case Op.Constant:
                return node.Value < 0 || (node.Value == 0 && BitConverter.DoubleToInt64Bits(node.Value) < 0)
                    ? new LeafText("−" + Number(-node.Value), Negation)
                    : new LeafText(Number(node.Value), Atom);
            case Op.True:
                return new LeafText("true", Atom);
            case Op.False:
                return new LeafText("false", Atom);
            case Op.Parameter:
                return new LeafText(Qualified(_graph.ParameterNames[node.Index], instance: true), Atom);
            case Op.Data:
                return new LeafText(_graph.Data[node.Index].Name, Atom);
            default:
                return new LeafText(Qualified(_graph.Members[node.Index].Name, _graph.Members[node.Index].IsInstanceMember), Atom);
        }
    }

    /// <summary>A function node, as its <see cref="FunctionTable"/> entry spells it.</summary>
    private static int Function(Node node, List<Piece> pieces)
    {
        var function = FunctionTable.Of(node.Op) ?? throw new InvalidOperationException($"No formula for {node.Op}.");
        switch (function.FormulaForm)
        {
            case FormulaForm.Prefix:
                pieces.Add(Piece.Of(function.Formula));
                pieces.Add(Piece.Wrap(node.A, Atom));
                return Atom;
            case FormulaForm.Postfix:
                pieces.Add(Piece.Wrap(node.A, Atom));
                pieces.Add(Piece.Of(function.Formula));
                return Power;
            case FormulaForm.Bars:
                pieces.Add(Piece.Of("|"));
                pieces.Add(Piece.Bare(node.A));
                pieces.Add(Piece.Of("|"));
                return Atom;
            default:
                pieces.Add(Piece.Of(function.FormulaOpening));
                for (int i = 0; i < node.Arity; i++)
                {
                    if (i > 0)
                    {
                        pieces.Add(Piece.Of(", "));
                    }

                    pieces.Add(Piece.Bare(node.Operand(i)));
                }

                pieces.Add(Piece.Of(")"));
                return Atom;
        }
    }

    private static string RelationSymbol(Op op) => op switch
    {
        Op.Less => " < ",
        Op.LessOrEqual => " ≤ ",
        Op.Greater => " > ",
        Op.GreaterOrEqual => " ≥ ",
        Op.Equal => " == ",
        _ => " ≠ ",
    };

    /// <summary>
    /// " + b" or " − b"; an added negative reads as a subtraction and a subtracted one as an addition
    /// (a + (−2)·x is a − 2·x, a − (−x) is a + x).
    /// </summary>
    private void SumTail(int operand, bool subtract, List<Piece> pieces)
    {
        var node = _graph[operand];
        string flipped = subtract ? " + " : " − ";
        if (node.Op == Op.Negate)
        {
            pieces.Add(Piece.Of(flipped));
            pieces.Add(Piece.Wrap(node.A, subtract ? Sum : Product));
        }
        else if (node.Op == Op.Constant && node.Value < 0)
        {
            pieces.Add(Piece.Of(flipped + Number(-node.Value)));
        }
        else if (node.Op == Op.Multiply && IsConstant(node.A, out double coefficient) && coefficient < 0)
        {
            pieces.Add(Piece.Of(flipped + Number(-coefficient) + "·"));
            pieces.Add(Piece.Wrap(node.B, Product));
        }
        else
        {
            pieces.Add(Piece.Of(subtract ? " − " : " + "));
            pieces.Add(Piece.Wrap(operand, subtract ? Product : Sum));
        }
    }

    private bool IsConstant(int id, out double value) => _graph.IsConstant(id, out value);

    private static bool TrySuperscript(double exponent, out string superscript)
    {
        superscript = string.Empty;
        if (exponent != Math.Floor(exponent) || Math.Abs(exponent) > 99)
        {
            return false;
        }

        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var builder = new StringBuilder();
        if (exponent < 0)
        {
            builder.Append('⁻');
        }

        foreach (char c in Math.Abs(exponent).ToString(CultureInfo.InvariantCulture))
        {
            builder.Append(digits[c - '0']);
        }

        superscript = builder.ToString();
        return true;
    }

    private enum PieceKind : byte
    {
        /// <summary>Literal text.</summary>
        Text,

        /// <summary>The node's own expansion (only while writing).</summary>
        Expansion,

        /// <summary>An operand, parenthesized if it binds more loosely than <see cref="Piece.Minimum"/>.</summary>
        Wrapped,

        /// <summary>The first factor of a product.</summary>
        Factor,

        /// <summary>An operand that needs no parentheses (a function's argument).</summary>
        Bare,
    }

    private readonly struct Piece
    {
        private Piece(PieceKind kind, string text, int node, int minimum)
        {
            Kind = kind;
            Text = text;
            Node = node;
            Minimum = minimum;
        }

        public PieceKind Kind { get; }

        public string Text { get; }

        public int Node { get; }

        public int Minimum { get; }

        public static Piece Of(string text) => new(PieceKind.Text, text, -1, 0);

        public static Piece ExpansionOf(int node) => new(PieceKind.Expansion, string.Empty, node, 0);

        public static Piece Wrap(int node, int minimum) => new(PieceKind.Wrapped, string.Empty, node, minimum);

        public static Piece FactorOf(int node) => new(PieceKind.Factor, string.Empty, node, 0);

        public static Piece Bare(int node) => new(PieceKind.Bare, string.Empty, node, 0);
    }

    /// <summary>A non-negative number as formulas show it: shortest round-trip digits, π and e by name.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "−∞";
        }

        if (value == Math.PI)
        {
            return "π";
        }

        if (value == Math.E)
        {
            return "e";
        }

        return value.ToString("R", CultureInfo.InvariantCulture).Replace("-", "−");
    }

    private sealed class LeafText
    {
        public LeafText(string text, int precedence)
        {
            Text = text;
            Precedence = precedence;
        }

        public string Text { get; }

        public int Precedence { get; }
    }
}
