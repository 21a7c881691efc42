using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SymbolicGd.Generator.Tests.Robustness;

/// <summary>One random model: its source file and, if it is written in the supported language only, the probe
/// copy and adapter that let the fuzzer run it.</summary>
/// <param name="InjectedText">The text of the injected construct as it appears in <paramref name="Source"/> (null when
/// the injection is an absence, such as a missing [Loss]): the SGD error must be located on it.</param>
internal sealed record FuzzModel(string Name, string Source, string? Harness, int ParameterCount, int DataCount, string? Injected, string? InjectedText = null)
{
    public string FileName => $"Fuzz/{Name}.cs";

    /// <summary>The supported language only: it must generate without an SGD error, and its gradient is checked.</summary>
    public bool IsSupported => Injected is null;
}

/// <summary>
/// Generates random [Differentiable] models from a grammar of the whole supported language: [Param] fields and
/// properties, const, plain, readonly and static fields, data arguments, locals (with reassignment and compound
/// assignment, declared without a value and assigned on both branches, shadowing a member, named like the
/// generated code's own locals or like keywords), + − * / and unary minus, int and double literals, every
/// supported Math and Functions call in its plain, qualified and global:: spellings, ?:, if/else/else-if with and
/// without braces, early returns, &amp;&amp; || !, helper methods (static or not, calling each other) and computed
/// properties; models are classes, sealed classes, records, generic classes or nested classes. With probability
/// <see cref="InjectionRate"/> a model also gets one construct outside the language (loops, other calls, int
/// locals, %, ++, lambdas, field writes, ref/out, arrays, strings, switch, throw, recursion, bad [Param]s, …),
/// all valid C#, so that the generator must answer with an SGD diagnostic.
/// </summary>
internal sealed class LossGenerator
{
    public const double InjectionRate = 0.2;

    private static readonly string[] s_doubleLiterals = { "1.5", "0.5", "2.0", "0.25", "1e-3", "3.0", "0.1", "10.0", "Math.PI", "Math.E", "0.75" };
    private static readonly string[] s_intLiterals = { "2", "1", "3", "10" };
    private static readonly string[] s_odd = { "gradient", "value", "intermediates", "t0", "t1", "sample", "destination", "values", "@in", "@base", "@object", "dL_dv0", "__parameterNames", "Derivative" };

    /// <summary>How often a model's loss explicitly implements an interface member (<c>double IM.L(double x)</c>).</summary>
    public const double ExplicitInterfaceRate = 0.1;

    private readonly Random _random;
    private readonly StringBuilder _interfaces = new();
    private readonly string _name;
    private readonly List<string> _parameters = new();
    private readonly List<string> _instanceFields = new(); // writable, readable
    private readonly List<string> _readonlyFields = new();
    private readonly List<string> _staticFields = new();
    private readonly List<string> _constants = new();
    private readonly List<string> _properties = new();
    private readonly HashSet<string> _shadowed = new();
    private readonly List<(string Name, int Arity, bool IsStatic)> _helpers = new();
    private readonly List<string> _extraMembers = new();
    private readonly StringBuilder _shadowMembers = new();
    private readonly StringBuilder _members = new();
    private string? _injected;
    private string? _injectedText;

    /// <summary>Constructs are injected into the loss's own body only: a helper or property the loss never
    /// calls is never read by the generator, so a construct there need not be rejected.</summary>
    private bool _inLoss;
    private bool _inject;
    private bool _doubleCondition;
    private int _unique;

    // The method being generated.
    private readonly List<List<string>> _scopes = new();
    private bool _static;
    private int _branchDepth;
    private string[] _arguments = Array.Empty<string>();

    private LossGenerator(Random random, string name)
    {
        _random = random;
        _name = name;
    }

    /// <param name="doubleCondition">Inject only a double used as a condition (<c>if (e)</c>, <c>e ? a : b</c>): not
    /// C# (CS0029), unlike every other injection, so such a model never shares a compilation with models whose
    /// gradients are checked.</param>
    public static FuzzModel Generate(Random random, string name, bool allowInjection = true, bool doubleCondition = false)
    {
        var generator = new LossGenerator(random, name)
        {
            _inject = doubleCondition || (allowInjection && random.NextDouble() < InjectionRate),
            _doubleCondition = doubleCondition,
        };
        return generator.Build();
    }

    // ---- The model ------------------------------------------------------------------------------------------

    private FuzzModel Build()
    {
        int shape = _random.Next(10); // 0-5 class, 6 sealed, 7 record, 8 generic, 9 nested
        string typeParameters = shape == 8 ? "<T>" : string.Empty;
        string keyword = shape == 7 ? "record" : "class";
        string modifiers = shape == 6 ? "public sealed partial" : "public partial";

        DeclareMembers();
        string? shadow = Chance(0.15) ? Pick(_parameters.Concat(_instanceFields).ToList()) : null;
        if (shadow is not null)
        {
            _shadowed.Add(shadow);
        }

        int dataCount = _random.Next(4);
        var data = new List<string>();
        for (int i = 0; i < dataCount; i++)
        {
            string argument = Chance(0.15) ? Pick(s_odd) : "x" + i;
            data.Add(data.Contains(argument) ? "x" + i : argument);
        }

        // Helpers and computed properties first: the loss may call them.
        int helpers = _random.Next(3);
        for (int i = 0; i < helpers; i++)
        {
            Helper(i);
        }

        if (Chance(0.3))
        {
            string property = "Q" + _properties.Count;
            _static = false;
            BeginMethod(Array.Empty<string>());
            var body = Expression(2);
            _members.Append(CultureInfo.InvariantCulture, $"        private double {property} => {body.ToString(false)};\n");
            _shadowMembers.Append(CultureInfo.InvariantCulture, $"        private double {property} => {body.ToString(true)};\n");
            _properties.Add(property);
        }

        string loss = Chance(0.2) ? Pick(new[] { "Loss", "E", "Error", "Objective", "@checked" }) : "L";
        string lossName = loss.TrimStart('@');
        _static = false;
        BeginMethod(data.ToArray());
        string argumentList = string.Join(", ", data.Select(d => "double " + d));
        string attribute = "[Loss]";
        if (_inject && Chance(0.25))
        {
            (attribute, argumentList, loss) = InjectIntoLossSignature(attribute, argumentList, loss);
        }

        string modelBody, shadowBody;
        _inLoss = true;
        if (shadow is not null || Chance(0.75))
        {
            var statements = Block(topLevel: true, shadowLocal: shadow);
            modelBody = Body(statements, false);
            shadowBody = Body(statements, true);
        }
        else
        {
            var expression = Expression(4);
            modelBody = $" => {expression.ToString(false)};\n";
            shadowBody = $" => {expression.ToString(true)};\n";
        }

        _inLoss = false;
        string access = Pick(new[] { "public", "public", "private", "internal" });

        // A loss that explicitly implements an interface member: drawn from a stream of its own, so the models the
        // seeds give are otherwise the ones they gave before this form existed.
        string? lossInterface = null;
        if (_injected is null && attribute == "[Loss]" && new Random(StableHash(_name)).NextDouble() < ExplicitInterfaceRate)
        {
            lossInterface = shape == 8 ? $"I{_name}<T>" : $"I{_name}";
            _interfaces.Append(CultureInfo.InvariantCulture, $"    public interface {lossInterface} {{ double {loss}({argumentList}); }}\n");
            _members.Append(CultureInfo.InvariantCulture, $"        {attribute}\n        double {lossInterface}.{loss}({argumentList}){modelBody}");
        }
        else
        {
            _members.Append(CultureInfo.InvariantCulture, $"        {attribute}\n        {access} double {loss}({argumentList}){modelBody}");
        }

        _shadowMembers.Append(CultureInfo.InvariantCulture, $"        public double {loss}({argumentList}){shadowBody}");
        if (_inject && _injected is null)
        {
            InjectMember();
        }

        foreach (string member in _extraMembers)
        {
            _members.Append(member);
        }

        var source = new StringBuilder("using System;\nusing SymbolicGd;\nusing static SymbolicGd.Functions;\n\nnamespace Fuzz\n{\n");
        string typeReference = $"global::Fuzz.{_name}" + (shape == 8 ? "<int>" : string.Empty);
        if (shape == 9)
        {
            source.Append(CultureInfo.InvariantCulture, $"public partial class Outer{_name}\n{{\n");
            typeReference = $"global::Fuzz.Outer{_name}.{_name}";
        }

        string baseList = lossInterface is null ? string.Empty : " : " + lossInterface;
        source.Append(_interfaces);
        source.Append(CultureInfo.InvariantCulture, $"    [Differentiable]\n    {modifiers} {keyword} {_name}{typeParameters}{baseList}\n    {{\n").Append(_members).Append("    }\n");
        if (shape == 9)
        {
            source.Append("}\n");
        }

        source.Append("}\n");

        string? harness = _injected is null ? Harness(typeReference, loss, data.Count) : null;
        return new FuzzModel(_name, source.ToString(), harness, _parameters.Count, data.Count, _injected, _injectedText);
    }

    /// <summary>A hash of the model's name that is the same in every process (string.GetHashCode is not).</summary>
    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash & int.MaxValue;
        }
    }

    private void DeclareMembers()
    {
        int count = 1 + _random.Next(4);
        while (_parameters.Count < count)
        {
            int i = _parameters.Count;
            string value = Literal(doubleOnly: true);
            switch (_random.Next(5))
            {
                case 0:
                    Member($"[Param] public double p{i} {{ get; set; }} = {value};", $"public double p{i} {{ get; set; }} = {value};");
                    _parameters.Add("p" + i);
                    break;
                case 1 when i + 1 < count:
                    Member($"[Param] public double p{i} = {value}, p{i + 1};", $"public double p{i} = {value}, p{i + 1};");
                    _parameters.Add("p" + i);
                    _parameters.Add("p" + (i + 1));
                    break;
                case 2:
                    Member($"[Param] internal double p{i} = {value};", $"public double p{i} = {value};");
                    _parameters.Add("p" + i);
                    break;
                default:
                    Member($"[Param] public double p{i} = {value};", $"public double p{i} = {value};");
                    _parameters.Add("p" + i);
                    break;
            }
        }

        for (int i = _random.Next(3); i > 0; i--)
        {
            string name = "f" + _instanceFields.Count;
            Member($"public double {name} = {Literal(doubleOnly: true)};");
            _instanceFields.Add(name);
        }

        if (Chance(0.3))
        {
            Member($"private readonly double g0 = {Literal(doubleOnly: true)};");
            _readonlyFields.Add("g0");
        }

        if (Chance(0.3))
        {
            Member($"private static readonly double s0 = {Literal(doubleOnly: true)};");
            _staticFields.Add("s0");
        }

        for (int i = _random.Next(3); i > 0; i--)
        {
            string name = "C" + _constants.Count;
            Member($"{Pick(new[] { "public", "private" })} const double {name} = {Literal(doubleOnly: false)};");
            _constants.Add(name);
        }
    }

    private void Member(string model, string? shadow = null)
    {
        _members.Append("        ").Append(model).Append('\n');
        _shadowMembers.Append("        ").Append(shadow ?? model).Append('\n');
    }

    private void Helper(int index)
    {
        string name = "H" + index;
        bool isStatic = Chance(0.3);
        int arity = _random.Next(isStatic ? 1 : 0, 3);
        var arguments = Enumerable.Range(0, arity).Select(i => "a" + i).ToArray();
        _static = isStatic;
        BeginMethod(arguments);
        string signature = $"{(isStatic ? "private static" : "private")} double {name}({string.Join(", ", arguments.Select(a => "double " + a))})";
        if (Chance(0.5))
        {
            var expression = Expression(3);
            _members.Append(CultureInfo.InvariantCulture, $"        {signature} => {expression.ToString(false)};\n");
            _shadowMembers.Append(CultureInfo.InvariantCulture, $"        {signature} => {expression.ToString(true)};\n");
        }
        else
        {
            var statements = Block(topLevel: true, shadowLocal: null);
            _members.Append(CultureInfo.InvariantCulture, $"        {signature}{Body(statements, false)}");
            _shadowMembers.Append(CultureInfo.InvariantCulture, $"        {signature}{Body(statements, true)}");
        }

        _helpers.Add((name, arity, isStatic));
    }

    private static string Body(IReadOnlyList<Statement> statements, bool probe)
    {
        var b = new StringBuilder("\n        {\n");
        foreach (var statement in statements)
        {
            statement.Write(b, 3, probe);
        }

        return b.Append("        }\n").ToString();
    }

    /// <summary>The probe copy of the model (a plain class) and the adapter the fuzzer calls through delegates.</summary>
    private string Harness(string typeReference, string loss, int dataCount)
    {
        string data = string.Join(string.Empty, Enumerable.Range(0, dataCount).Select(i => $"data[{i}], "));
        var set = new StringBuilder();
        for (int i = 0; i < _parameters.Count; i++)
        {
            set.Append(CultureInfo.InvariantCulture, $"this.{_parameters[i]} = theta[{i}]; ");
        }

        return $$"""
            namespace Fuzz.Harness
            {
                using System;
                using SymbolicGd;
                using static SymbolicGd.Functions;

                public class {{_name}}Probe
                {
            {{_shadowMembers}}
                    public void Set(double[] theta) { {{set}}}
                }

                public static class {{_name}}Adapter
                {
                    public static double Loss(double[] theta, double[] data) { var m = new {{_name}}Probe(); m.Set(theta); return m.{{loss}}({{data.TrimEnd(' ', ',')}}); }
                    public static double Backward(double[] theta, double[] data, double[] gradient) { var m = new {{typeReference}}(); m.SetParameters(theta); return m.Backward({{data}}gradient); }
                }
            }

            """;
    }

    // ---- Statements -----------------------------------------------------------------------------------------

    private void BeginMethod(string[] arguments)
    {
        _scopes.Clear();
        _scopes.Add(new List<string>());
        _branchDepth = 0;
        _arguments = arguments;
    }

    private List<Statement> Block(bool topLevel, string? shadowLocal)
    {
        var statements = new List<Statement>();
        int count = topLevel ? 1 + _random.Next(6) : 1 + _random.Next(3);
        for (int i = 0; i < count; i++)
        {
            if (topLevel && shadowLocal is not null && i == count / 2)
            {
                // A local named like a member: the member is then read as this.name everywhere.
                statements.Add(new Line($"double {shadowLocal} = ", Expression(2), declaration: true));
                _scopes[^1].Add(shadowLocal);
                continue;
            }

            if (_inject && _inLoss && _injected is null && Chance(_doubleCondition ? 0.5 : 0.1))
            {
                statements.Add(InjectStatement());
                continue;
            }

            statements.Add(Statement(out bool returned));
            if (returned)
            {
                return statements;
            }
        }

        if (topLevel)
        {
            statements.Add(new Line("return ", Expression(3)));
        }

        return statements;
    }

    private Statement Statement(out bool returned)
    {
        returned = false;
        var locals = _scopes.SelectMany(s => s).ToList();
        var assignable = locals.Concat(_arguments).ToList();
        int roll = _random.Next(100);
        if (roll < 35 || assignable.Count == 0)
        {
            string name = NewLocal();
            if (Chance(0.1) && _branchDepth < 2)
            {
                // Declared without a value, then assigned on both branches.
                var condition = Condition(2);
                var then = new List<Statement> { new Line($"{name} = ", Expression(2)) };
                var @else = new List<Statement> { new Line($"{name} = ", Expression(2)) };
                _scopes[^1].Add(name);
                return new Block2(new Line($"double {name}", null, ";", declaration: true), new If(condition, then, @else, Chance(0.5)));
            }

            // var takes the type of its value: only a function call is surely a double.
            bool isVar = Chance(0.2);
            var value = isVar ? Function(2) : Expression(3);
            _scopes[^1].Add(name);
            return new Line($"{(isVar ? "var" : "double")} {name} = ", value, declaration: true);
        }

        if (roll < 60)
        {
            string target = Pick(assignable);
            string op = Pick(new[] { "=", "=", "+=", "-=", "*=", "/=" });
            return new Line($"{target} {op} ", Expression(3));
        }

        if (roll < 90 && _branchDepth < 2)
        {
            var condition = Condition(2);
            var then = Branch();
            List<Statement>? @else = null;
            if (Chance(0.2))
            {
                @else = new List<Statement> { new If(Condition(2), Branch(), Chance(0.5) ? Branch() : null, Chance(0.5)) };
            }
            else if (Chance(0.5))
            {
                @else = Branch();
            }

            return new If(condition, then, @else, Chance(0.7));
        }

        if (_branchDepth < 2)
        {
            // An early return: if (c) return e; or a block that ends in one.
            var condition = Condition(2);
            _branchDepth++;
            _scopes.Add(new List<string>());
            var body = Chance(0.5) ? new List<Statement>() : Block(topLevel: false, shadowLocal: null);
            body.Add(new Line("return ", Expression(3)));
            _scopes.RemoveAt(_scopes.Count - 1);
            _branchDepth--;
            if (Chance(0.15))
            {
                // Both branches return: the rest of the method is unreachable.
                returned = true;
                return new If(condition, body, new List<Statement> { new Line("return ", Expression(3)) }, true);
            }

            return new If(condition, body, null, Chance(0.5));
        }

        return new Line($"{Pick(assignable)} += ", Expression(2));
    }

    private List<Statement> Branch()
    {
        _branchDepth++;
        _scopes.Add(new List<string>());
        var statements = Block(topLevel: false, shadowLocal: null);
        _scopes.RemoveAt(_scopes.Count - 1);
        _branchDepth--;
        return statements;
    }

    /// <summary>A new local: top-level names never repeat in the method; a branch's names depend on its depth, so
    /// sibling branches reuse them (two locals of one name) but nested ones never clash.</summary>
    private string NewLocal()
    {
        if (_branchDepth > 0)
        {
            var taken = _scopes.SelectMany(s => s).ToHashSet();
            for (int k = 0; ; k++)
            {
                string candidate = $"b{_branchDepth}_{k}";
                if (!taken.Contains(candidate))
                {
                    return candidate;
                }
            }
        }

        return Chance(0.1) ? Fresh(Pick(s_odd)) : "v" + _unique++;
    }

    private string Fresh(string name)
    {
        var taken = _scopes.SelectMany(s => s).Concat(_arguments).ToHashSet();
        if (!taken.Contains(name) && !_parameters.Contains(name))
        {
            return name;
        }

        return name.TrimStart('@') + "_" + _unique++;
    }

    // ---- Expressions ----------------------------------------------------------------------------------------

    private Expr Expression(int depth, bool doubleOnly = false)
    {
        if (_inject && _inLoss && _injected is null && Chance(0.04))
        {
            return InjectExpression(depth);
        }

        if (depth <= 0 || Chance(0.25))
        {
            return Leaf(doubleOnly);
        }

        int roll = _random.Next(100);
        if (roll < 40)
        {
            // The left operand keeps the result a double where that matters; a quotient's right operand is a double so
            // that no integer division by a constant zero (a C# error) can appear.
            string op = Pick(new[] { "+", "-", "*", "/", "+", "*" });
            return new Binary(Expression(depth - 1, doubleOnly), op, Expression(depth - 1, doubleOnly: op == "/"));
        }

        if (roll < 45)
        {
            return new Negate(Expression(depth - 1, doubleOnly));
        }

        if (roll < 80)
        {
            return Function(depth - 1);
        }

        if (roll < 88)
        {
            return new Conditional(Condition(depth - 1), Expression(depth - 1, doubleOnly: true), Expression(depth - 1, doubleOnly: true));
        }

        var callable = _helpers.Where(h => h.IsStatic || !_static).ToList();
        if (callable.Count > 0)
        {
            var (name, arity, isStatic) = Pick(callable);
            var arguments = Enumerable.Range(0, arity).Select(_ => Expression(depth - 1)).ToArray();
            return new Call(Chance(0.2) && !isStatic ? "this." + name : name, null, arguments);
        }

        return Leaf(doubleOnly);
    }

    private Expr Leaf(bool doubleOnly)
    {
        var names = new List<string>(_scopes.SelectMany(s => s));
        names.AddRange(_arguments);
        names.AddRange(_constants);
        names.AddRange(_staticFields);
        if (!_static)
        {
            names.AddRange(_parameters.Select(Read));
            names.AddRange(_parameters.Select(Read));
            names.AddRange(_instanceFields.Select(Read));
            names.AddRange(_readonlyFields);
            names.AddRange(_properties);
        }

        if (names.Count == 0 || Chance(0.25))
        {
            return new Text(Literal(doubleOnly));
        }

        return new Text(Pick(names));
    }

    private string Read(string name) => _shadowed.Contains(name) || Chance(0.1) ? "this." + name : name;

    private string Literal(bool doubleOnly) => !doubleOnly && Chance(0.3) ? Pick(s_intLiterals) : Pick(s_doubleLiterals);

    /// <summary>A supported function. Arguments of functions with a restricted domain are usually kept inside it,
    /// so that many points are finite and the gradient gets checked; sometimes they are not.</summary>
    private Expr Function(int depth)
    {
        Expr Any() => Expression(depth, doubleOnly: true);
        Expr Positive() => Chance(0.8) ? new Binary(new Text(Pick(new[] { "0.5", "1.0", "2.0" })), "+", Chance(0.5) ? Math("Exp", Any()) : Functions("Square", Any())) : Any();
        Expr Unit() => Chance(0.8) ? new Binary(new Text("0.9"), "*", Math("Tanh", Any())) : Any();
        Expr Moderate() => Chance(0.7) ? Math("Tanh", Any()) : Any();

        switch (_random.Next(26))
        {
            case 0: return Math("Exp", Moderate());
            case 1: return Math("Log", Positive());
            case 2: return Math("Log", Positive(), Positive());
            case 3: return Math("Log10", Positive());
            case 4: return Math("Sqrt", Positive());
            case 5: return Math("Cbrt", Any());
            case 6: return Math("Pow", Positive(), Chance(0.5) ? new Text(Pick(new[] { "2", "3", "0.5", "-1", "1.5" })) : Moderate());
            case 7: return Math("Sin", Any());
            case 8: return Math("Cos", Any());
            case 9: return Math("Tan", Unit());
            case 10: return Math("Asin", Unit());
            case 11: return Math("Acos", Unit());
            case 12: return Math("Atan", Any());
            case 13: return Math("Atan2", Any(), Positive());
            case 14: return Math("Sinh", Moderate());
            case 15: return Math("Cosh", Moderate());
            case 16: return Math("Tanh", Any());
            case 17: return Math("Abs", Any(), probe: "Abs");
            case 18: return Math("Max", Any(), Any(), probe: "Max");
            case 19: return Math("Min", Any(), Any(), probe: "Min");
            case 20: return Chance(0.5)
                ? new Call(MathName("Sign"), "Sign", new[] { Any() }, prefix: "(double)", isDouble: false)
                : new Call(MathName("Sign"), "Sign", new[] { Any() }, prefix: "(0.0 + ", suffix: ")", isDouble: false);
            case 21: return Math("Clamp", Any(), new Text("-1.0"), new Text(Pick(new[] { "0.5", "1.0", "2.0" })), probe: "Clamp");
            case 22: return Functions("Sigmoid", Any());
            case 23: return Functions("Relu", Any(), probe: "Relu");
            case 24: return Functions("Softplus", Any());
            default: return Functions("Square", Any());
        }
    }

    private Expr Math(string name, Expr argument, string? probe = null) => new Call(MathName(name), probe, new[] { argument });

    private Expr Math(string name, Expr a, Expr b, string? probe = null) => new Call(MathName(name), probe, new[] { a, b });

    private Expr Math(string name, Expr a, Expr b, Expr c, string? probe = null) => new Call(MathName(name), probe, new[] { a, b, c });

    private string MathName(string name) => Pick(new[] { "Math.", "Math.", "Math.", "System.Math.", "global::System.Math." }) + name;

    private Expr Functions(string name, Expr argument, string? probe = null) =>
        new Call(Pick(new[] { "", "", "Functions.", "SymbolicGd.Functions.", "global::SymbolicGd.Functions." }) + name, probe, new[] { argument });

    private Expr Condition(int depth)
    {
        int roll = _random.Next(100);
        if (depth <= 0 || roll < 60)
        {
            return new Comparison(Expression(depth), Pick(new[] { "<", "<=", ">", ">=", "==", "!=", "<", ">" }), Expression(depth));
        }

        if (roll < 80)
        {
            return new Binary(Condition(depth - 1), Pick(new[] { "&&", "||" }), Condition(depth - 1));
        }

        if (roll < 95)
        {
            return new Call("!", null, new[] { Condition(depth - 1) }, isDouble: false);
        }

        return new Text(Pick(new[] { "true", "false" }));
    }

    // ---- Constructs outside the language --------------------------------------------------------------------

    private Statement InjectStatement()
    {
        if (_doubleCondition)
        {
            string condition = $"({Read(_parameters[0])} * 2.0)";
            _injected = "double condition";
            _injectedText = condition;
            return new Line($"if ({condition}) {{ }}", null, string.Empty);
        }

        int n = _unique++;
        var locals = _scopes.SelectMany(s => s).ToList();
        var options = new List<(string Description, Statement Statement)>
        {
            ("for loop", new Line($"for (int i{n} = 0; i{n} < 2; i{n} += 2) {{ }}", null, string.Empty)),
            ("while loop", new Line("while (false) { }", null, string.Empty)),
            ("do loop", new Line("do { } while (false);", null, string.Empty)),
            ("foreach loop", new Line($"foreach (var q{n} in new double[] {{ 1.0 }}) {{ }}", null, string.Empty)),
            ("int local", new Line($"int k{n} = 2", null, ";", declaration: true)),
            ("float local", new Line($"float k{n} = 1.5f", null, ";", declaration: true)),
            ("string local", new Line($"string k{n} = \"a\"", null, ";", declaration: true)),
            ("array local", new Line($"double[] k{n} = {{ 1.0, 2.0 }}", null, ";", declaration: true)),
            ("object local", new Line($"object k{n} = 1.0", null, ";", declaration: true)),
            ("tuple deconstruction", new Line($"var (k{n}, j{n}) = (1.0, 2.0)", null, ";", declaration: true)),
            ("discard", new Line("_ = 5", null, ";")),
            ("other call", new Line("System.Console.WriteLine(1)", null, ";")),
            ("throw", new Line("throw new System.InvalidOperationException()", null, ";")),
            ("switch", new Line("switch (1) { default: break; }", null, string.Empty)),
            ("try", new Line("try { } catch (System.Exception) { }", null, string.Empty)),
            ("try/finally", new Line("try { } finally { }", null, string.Empty)),
            ("lambda local", new Line($"System.Func<double, double> k{n} = z => z * 2.0", null, ";", declaration: true)),
            ("local function", new Line($"double K{n}(double z) => z", null, ";", declaration: true)),
            ("goto", new Line($"goto l{n}; l{n}: ;", null, string.Empty)),
            ("using", new Line($"using (System.IDisposable? k{n} = null) {{ }}", null, string.Empty)),
        };
        if (!_static && _instanceFields.Count > 0)
        {
            string field = Read(_instanceFields[0]);
            options.Add(("field write", new Line($"{field} = 2.0", null, ";")));
            options.Add(("field increment", new Line($"{field}++", null, ";")));
            options.Add(("ref local", new Line($"ref double k{n} = ref {field}", null, ";", declaration: true)));
        }

        if (!_static)
        {
            options.Add(("lock", new Line("lock (this) { }", null, string.Empty)));
            options.Add(("parameter write", new Line($"{Read(_parameters[0])} += 1.0", null, ";")));
        }

        if (locals.Count > 0)
        {
            string local = Pick(locals);
            options.Add(("increment", new Line($"{local}++", null, ";")));
            options.Add(("remainder assignment", new Line($"{local} %= 2.0", null, ";")));
            options.Add(("null-coalescing", new Line($"{local} = (double?)null ?? {local}", null, ";")));
        }

        var (description, statement) = Pick(options);
        _injected = description;
        _injectedText = ((Line)statement).Text;
        return statement;
    }

    private Expr InjectExpression(int depth)
    {
        var e = Expression(System.Math.Max(0, depth - 1), doubleOnly: true);
        // Surely a double (Math.Floor(2 * 3) would be ambiguous) and never a constant: Roslyn folds (float)(0.1 + 0.0)
        // or 0.5 % 2.0 to a constant, which the generator rightly accepts. (Injection happens in the loss only, an
        // instance method, so a [Param] can be read.)
        string s = $"({e.ToString(false)} + {Read(_parameters[0])})";
        int n = _unique++;
        if (_doubleCondition)
        {
            _injected = "double condition";
            _injectedText = s;
            return new Text($"({s} ? 1.0 : 2.0)");
        }

        var options = new List<(string, string)>
        {
            ("remainder", $"({s} % 2.0)"),
            ("Math.Round", $"Math.Round({s})"),
            ("Math.Floor", $"Math.Floor({s})"),
            ("Math.FusedMultiplyAdd", $"Math.FusedMultiplyAdd({s}, 2.0, 1.0)"),
            ("int cast", $"(double)(int)({s})"),
            ("float cast", $"(float)({s})"),
            ("int conditional", $"({s} > 0.0 ? 1 : 0)"),
            ("Math.Abs(int)", "Math.Abs(-3)"),
            ("Math.Max(int, int)", "Math.Max(1, 2)"),
            ("CompareTo", $"({s}).CompareTo(1.0)"),
            ("double.Parse", "double.Parse(\"1.5\")"),
            ("string length", "\"ab\".Length"),
            ("array element", $"new[] {{ {s}, 1.0 }}[0]"),
            ("switch expression", $"({s} switch {{ > 1.0 => 1.0, _ => 2.0 }})"),
            ("lambda", $"((System.Func<double, double>)(z => z * 2.0))({s})"),
            ("is pattern", $"({s} is > 0.0 ? 1.0 : 2.0)"),
            ("nullable", $"((double?){s} ?? 1.0)"),
            ("Random", "new System.Random(1).NextDouble()"),
            ("ProcessorCount", "System.Environment.ProcessorCount"),
            ("Math.BitIncrement", $"Math.BitIncrement({s})"),
            ("Math.Log2", $"Math.Log2({s})"),
        };
        if (!_static)
        {
            options.Add(("recursion", $"HRec{n}({s})"));
            options.Add(("out argument", $"HOut{n}({s}, out double o{n})"));
            options.Add(("generic helper", $"HGen{n}<int>({s})"));
            options.Add(("helper returning float", $"HFloat{n}({s})"));
            options.Add(("helper taking int", $"HInt{n}(2)"));
            options.Add(("GetHashCode", "this.GetHashCode()"));
            options.Add(("other instance", $"new {_name}Other{n}().V"));
        }

        var (description, text) = Pick(options);
        _injected = description;
        _injectedText = text;
        switch (description)
        {
            case "recursion":
                _extraMembers.Add($"        private double HRec{n}(double z) => z > 1.0 ? HRec{n}(z / 2.0) : z;\n");
                _injectedText = $"HRec{n}(z / 2.0)"; // SGD0018 is reported on the call that recurses
                break;
            case "out argument":
                _extraMembers.Add($"        private double HOut{n}(double z, out double w) {{ w = z; return z * 2.0; }}\n");
                break;
            case "generic helper":
                _extraMembers.Add($"        private double HGen{n}<U>(double z) => z * 2.0;\n");
                break;
            case "helper returning float":
                _extraMembers.Add($"        private float HFloat{n}(double z) => (float)z;\n");
                break;
            case "helper taking int":
                _extraMembers.Add($"        private double HInt{n}(int z) => z * 2.0;\n");
                _injectedText = "int z"; // SGD0010 is reported on the argument
                break;
            case "other instance":
                _extraMembers.Add($"        private sealed class {_name}Other{n} {{ public double V = 1.0; }}\n");
                break;
        }

        return new Text(text);
    }

    private (string Attribute, string Arguments, string Loss) InjectIntoLossSignature(string attribute, string arguments, string loss)
    {
        string separator = arguments.Length > 0 ? ", " : string.Empty;
        var options = new List<(string, string, string, string)>
        {
            ("ref argument", attribute, arguments + separator + "ref double r", loss),
            ("long argument", attribute, arguments + separator + "long k", loss),
            ("params argument", attribute, arguments + separator + "params double[] rest", loss),
            ("generic loss", attribute, arguments, loss + "<U>"),
            ("no [Loss]", string.Empty, arguments, loss),
            ("loss named Backward", attribute, arguments, "Backward"),
            ("data argument named Sample", attribute, arguments + separator + "double Sample", loss),
        };
        var (description, a, b, c) = Pick(options);
        _injected = description;
        _injectedText = description switch
        {
            "ref argument" => "ref double r",
            "long argument" => "long k",
            "params argument" => "params double[] rest",
            "generic loss" => "<U>",
            "loss named Backward" => "Backward",
            "data argument named Sample" => "double Sample",
            _ => null, // no [Loss]: an absence
        };
        return (a, b, c);
    }

    private void InjectMember()
    {
        int n = _unique++;
        var options = new List<(string, string)>
        {
            ("int [Param]", $"[Param] public int pi{n};"),
            ("readonly [Param]", $"[Param] public readonly double pr{n};"),
            ("static [Param]", $"[Param] public static double ps{n};"),
            ("get-only [Param]", $"[Param] public double pg{n} => 1.0;"),
            ("init-only [Param]", $"[Param] public double pn{n} {{ get; init; }}"),
            ("second [Loss]", $"[Loss] public double Second{n}() => 1.0;"),
            ("member named Gradient", "public double Gradient() => 1.0;"),
            ("member named Evaluate", "public int Evaluate;"),
        };
        var (description, member) = Pick(options);
        _injected = description;
        _injectedText = member;
        _extraMembers.Add("        " + member + "\n");
    }

    // ---- Randomness -----------------------------------------------------------------------------------------

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Two statements in one: a declaration and the if/else that assigns it.</summary>
    private sealed class Block2 : Statement
    {
        private readonly Statement _first;
        private readonly Statement _second;

        public Block2(Statement first, Statement second) => (_first, _second) = (first, second);

        public override void Write(StringBuilder b, int indent, bool probe)
        {
            _first.Write(b, indent, probe);
            _second.Write(b, indent, probe);
        }
    }
}
