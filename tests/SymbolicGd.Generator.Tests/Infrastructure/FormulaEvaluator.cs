using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SymbolicGd.Generator.Tests.Infrastructure;

/// <summary>
/// Parses and evaluates the formulas FormulaPrinter writes, with the precedence of ordinary mathematics (not the
/// printer's): <c>?:</c> loosest, then <c>||</c>, <c>&amp;&amp;</c>, the relations (&lt; ≤ &gt; ≥ == ≠), sums
/// (+ −), prefix minus and !, products (· /), powers (x², x⁻¹, x^y; right-associative and binding tighter than a
/// prefix minus, so −x² is −(x²)), and atoms: numbers (π, e, ∞, NaN), names, √a, ∛a, |…|, f(…) and (…).
/// A formula printed with too few parentheses therefore evaluates to something else, which the tests catch.
/// Booleans are 1 and 0.
/// </summary>
internal sealed class FormulaEvaluator
{
    private readonly string _text;
    private readonly Func<string, double> _lookup;
    private int _at;

    private FormulaEvaluator(string text, Func<string, double> lookup) => (_text, _lookup) = (text, lookup);

    /// <summary>The value of <paramref name="formula"/>, names resolved by <paramref name="lookup"/> (which
    /// throws <see cref="KeyNotFoundException"/> for a name it does not know).</summary>
    /// <exception cref="FormatException">The formula does not parse to its end.</exception>
    public static double Evaluate(string formula, Func<string, double> lookup)
    {
        var evaluator = new FormulaEvaluator(formula, lookup);
        double value = evaluator.Choice();
        evaluator.SkipSpaces();
        if (evaluator._at != formula.Length)
        {
            throw new FormatException($"Unexpected '{formula[evaluator._at..]}' at {evaluator._at} in '{formula}'.");
        }

        return value;
    }

    /// <summary>Every name <paramref name="formula"/> reads (not the functions it calls), in order, each once; a
    /// formula cut with a note (" … (abbreviated…") is read up to the cut, a name just before it left out.</summary>
    public static IReadOnlyList<string> Names(string formula)
    {
        int cut = formula.IndexOf(" … (abbreviated", StringComparison.Ordinal);
        string text = cut < 0 ? formula : formula[..cut];
        var names = new List<string>();
        for (int at = 0; at < text.Length; at++)
        {
            char c = text[at];
            bool starts = (char.IsLetter(c) || c == '_') && c != 'π' && c != 'σ' && c != '∞' &&
                          (at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_' || text[at - 1] == '.'));
            if (!starts)
            {
                continue;
            }

            int start = at;
            while (at < text.Length && (char.IsLetterOrDigit(text[at]) || text[at] == '_' || (text[at] >= '₀' && text[at] <= '₉') ||
                                        (text[at] == '.' && at + 1 < text.Length && char.IsLetter(text[at + 1]))))
            {
                at++;
            }

            string name = text[start..at];
            // A cut formula may end in a function's name, its '(' cut off.
            bool call = at < text.Length ? text[at] == '(' : cut >= 0;
            if (!call && name is not ("true" or "false" or "NaN" or "e") && !names.Contains(name))
            {
                names.Add(name);
            }

            at--;
        }

        return names;
    }

    private static bool Truth(double value) => value != 0;

    private static double Bool(bool value) => value ? 1 : 0;

    private double Choice()
    {
        double condition = Disjunction();
        if (!Accept("?"))
        {
            return condition;
        }

        double whenTrue = Choice();
        Expect(":");
        double whenFalse = Choice();
        return Truth(condition) ? whenTrue : whenFalse;
    }

    private double Disjunction()
    {
        double value = Conjunction();
        while (Accept("||"))
        {
            double right = Conjunction();
            value = Bool(Truth(value) || Truth(right));
        }

        return value;
    }

    private double Conjunction()
    {
        double value = Relation();
        while (Accept("&&"))
        {
            double right = Relation();
            value = Bool(Truth(value) && Truth(right));
        }

        return value;
    }

    private double Relation()
    {
        double left = Sum();
        foreach (string op in new[] { "≤", "≥", "==", "≠", "<", ">" })
        {
            if (Accept(op))
            {
                double right = Sum();
                return Bool(op switch
                {
                    "≤" => left <= right,
                    "≥" => left >= right,
                    "==" => left == right,
                    "≠" => left != right,
                    "<" => left < right,
                    _ => left > right,
                });
            }
        }

        return left;
    }

    private double Sum()
    {
        double value = Prefix();
        while (true)
        {
            if (Accept("+"))
            {
                value += Prefix();
            }
            else if (Accept("−"))
            {
                value -= Prefix();
            }
            else
            {
                return value;
            }
        }
    }

    /// <summary>A prefix minus or ! applies to a whole product: −a·b is −(a·b).</summary>
    private double Prefix()
    {
        if (Accept("−"))
        {
            return -Prefix();
        }

        if (Accept("!"))
        {
            return Bool(!Truth(Prefix()));
        }

        return Product();
    }

    private double Product()
    {
        double value = Power();
        while (true)
        {
            if (Accept("·"))
            {
                value *= Factor();
            }
            else if (Accept("/"))
            {
                value /= Factor();
            }
            else
            {
                return value;
            }
        }
    }

    /// <summary>An operand of · or /: a power, or a negated one (a·−b does not occur, but is unambiguous).</summary>
    private double Factor() => Accept("−") ? -Factor() : Power();

    private double Power()
    {
        double value = Atom();
        while (true)
        {
            SkipSpaces();
            if (_at < _text.Length && IsSuperscript(_text[_at]))
            {
                var b = new StringBuilder();
                while (_at < _text.Length && IsSuperscript(_text[_at]))
                {
                    b.Append(_text[_at] == '⁻' ? '-' : (char)('0' + "⁰¹²³⁴⁵⁶⁷⁸⁹".IndexOf(_text[_at])));
                    _at++;
                }

                double exponent = double.Parse(b.ToString(), CultureInfo.InvariantCulture);
                value = exponent == 2 ? value * value : Math.Pow(value, exponent);
            }
            else if (Accept("^"))
            {
                // x^y^z is x^(y^z); the printer wraps the exponent unless it is an atom.
                double exponent = Accept("−") ? -Power() : Power();
                return Math.Pow(value, exponent);
            }
            else
            {
                return value;
            }
        }
    }

    private static bool IsSuperscript(char c) => c == '⁻' || "⁰¹²³⁴⁵⁶⁷⁸⁹".IndexOf(c) >= 0;

    private double Atom()
    {
        SkipSpaces();
        if (_at >= _text.Length)
        {
            throw new FormatException($"Unexpected end of '{_text}'.");
        }

        char c = _text[_at];
        if (Accept("("))
        {
            double value = Choice();
            Expect(")");
            return value;
        }

        if (Accept("|"))
        {
            double value = Choice();
            Expect("|");
            return Math.Abs(value);
        }

        if (Accept("√"))
        {
            return Math.Sqrt(Atom());
        }

        if (Accept("∛"))
        {
            return Math.Cbrt(Atom());
        }

        if (Accept("∞"))
        {
            return double.PositiveInfinity;
        }

        if (Accept("π"))
        {
            return Math.PI;
        }

        if (char.IsDigit(c))
        {
            int start = _at;
            while (_at < _text.Length && (char.IsDigit(_text[_at]) || _text[_at] == '.'))
            {
                _at++;
            }

            if (_at < _text.Length && _text[_at] == 'E')
            {
                _at++;
                if (_text[_at] is '−' or '+')
                {
                    _at++;
                }

                while (_at < _text.Length && char.IsDigit(_text[_at]))
                {
                    _at++;
                }
            }

            return double.Parse(_text[start.._at].Replace('−', '-'), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (char.IsLetter(c) || c == '_' || c == 'σ')
        {
            int start = _at;
            // A static member of another type reads as Type.Member.
            while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_' || (_text[_at] >= '₀' && _text[_at] <= '₉') ||
                                          (_text[_at] == '.' && _at + 1 < _text.Length && char.IsLetter(_text[_at + 1]))))
            {
                _at++;
            }

            string name = _text[start.._at];
            if (_at < _text.Length && _text[_at] == '(')
            {
                _at++;
                var arguments = new List<double> { Choice() };
                while (Accept(","))
                {
                    arguments.Add(Choice());
                }

                Expect(")");
                return Call(name, arguments);
            }

            return name switch
            {
                "true" => 1,
                "false" => 0,
                "NaN" => double.NaN,
                "e" => Math.E,
                _ => _lookup(name),
            };
        }

        throw new FormatException($"Unexpected '{_text[_at..]}' at {_at} in '{_text}'.");
    }

    private double Call(string name, List<double> a)
    {
        double One() => a.Count == 1 ? a[0] : throw new FormatException($"{name} takes one argument in '{_text}'.");
        double Two(int i) => a.Count == 2 ? a[i] : throw new FormatException($"{name} takes two arguments in '{_text}'.");
        return name switch
        {
            "exp" => Math.Exp(One()),
            "ln" => Math.Log(One()),
            "log" => Math.Log(Two(0), Two(1)),
            "log₁₀" => Math.Log10(One()),
            "pow" => Math.Pow(Two(0), Two(1)),
            "sin" => Math.Sin(One()),
            "cos" => Math.Cos(One()),
            "tan" => Math.Tan(One()),
            "asin" => Math.Asin(One()),
            "acos" => Math.Acos(One()),
            "atan" => Math.Atan(One()),
            "atan2" => Math.Atan2(Two(0), Two(1)),
            "sinh" => Math.Sinh(One()),
            "cosh" => Math.Cosh(One()),
            "tanh" => Math.Tanh(One()),
            "max" => Math.Max(Two(0), Two(1)),
            "min" => Math.Min(Two(0), Two(1)),
            "sign" => Math.Sign(One()),
            "sgn" => One() > 0 ? 1 : One() < 0 ? -1 : 0,
            "clamp" when a.Count == 3 => Math.Clamp(a[0], a[1], a[2]),
            "σ" => Functions.Sigmoid(One()),
            "relu" => Functions.Relu(One()),
            "softplus" => Functions.Softplus(One()),
            _ => throw new FormatException($"Unknown function '{name}' with {a.Count} arguments in '{_text}'."),
        };
    }

    private void SkipSpaces()
    {
        while (_at < _text.Length && _text[_at] == ' ')
        {
            _at++;
        }
    }

    private bool Accept(string token)
    {
        SkipSpaces();
        if (string.CompareOrdinal(_text, _at, token, 0, token.Length) != 0)
        {
            return false;
        }

        // "−" is a token of its own, but "|" must not swallow the first half of "||" when closing |x|.
        if (token == "|" && _at + 1 < _text.Length && _text[_at + 1] == '|')
        {
            return false;
        }

        _at += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FormatException($"Expected '{token}' at {_at} in '{_text}'.");
        }
    }
}
