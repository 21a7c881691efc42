using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymbolicGd.Generator.Shared;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// A least-squares model: a [Residual] method takes the place of the [Loss]. It is parsed as a loss is (the same
/// language, its arguments the data of a sample); the model's loss ½r² is built on its graph by <see cref="ResidualPlan"/>.
/// </summary>
internal static partial class ModelParser
{
    /// <summary>Members the generator adds to a [Residual] model besides those of every model.</summary>
    private static readonly (string Name, string What)[] s_residualMembers =
    {
        ("Residual", "method Residual"),
        ("ResidualGradient", "method ResidualGradient"),
        ("__ThrowResidualGradientLengthMismatch", "method __ThrowResidualGradientLengthMismatch"),
    };

    /// <summary>Names the loss ½r² may take, in order of preference: the first that no name of the model uses.</summary>
    private static readonly string[] s_residualLossNames = { "Loss", "L", "SquaredLoss", "HalfSquaredResidual" };

    /// <summary>
    /// The method whose derivatives the model is generated from: its [Residual] if it has one (reporting a second
    /// one, a [Loss] beside it, a residual that is not a double or takes no data), else its [Loss].
    /// </summary>
    private static IMethodSymbol? FindLossOrResidual(INamedTypeSymbol type, TypeDeclarationSyntax syntax, DiagnosticBag diagnostics, out bool isResidual)
    {
        var residuals = type.GetMembers().OfType<IMethodSymbol>().Where(m => ModelClass.HasAttribute(m, AttributeNames.Residual)).ToList();
        isResidual = residuals.Count > 0;
        if (!isResidual)
        {
            return FindLoss(type, syntax, diagnostics);
        }

        var residual = residuals[0];
        var declaration = Declaration(residual);
        foreach (var second in residuals.Skip(1))
        {
            diagnostics.Add(Diagnostics.DuplicateResidual, NameLocation(second), second.Name, type.Name, residual.Name);
        }

        var loss = type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => ModelClass.HasAttribute(m, AttributeNames.Loss));
        if (loss is not null)
        {
            diagnostics.Add(Diagnostics.ResidualWithLoss, NameLocation(residual), residual.Name, type.Name, loss.Name);
        }

        if (residual.ReturnType.SpecialType != SpecialType.System_Double)
        {
            diagnostics.Add(Diagnostics.ResidualNotDouble, (SyntaxNode?)declaration?.ReturnType ?? declaration, residual.Name, residual.ReturnType.ToDisplayString());
        }
        else if (residual.Parameters.Length == 0)
        {
            diagnostics.Add(Diagnostics.ResidualWithoutData, NameLocation(residual), residual.Name);
        }

        return residual;
    }

    /// <summary>
    /// False, after SGD0074, for a residual with arrays or loops: the loop planner builds no ½r² and no Jacobian row yet,
    /// and a model whose loss silently became r would train towards r = −∞.
    /// </summary>
    private static bool CheckResidualLanguage(IMethodSymbol residual, FunctionSpec spec, bool arrayParameters, DiagnosticBag diagnostics)
    {
        if (!spec.HasArraysOrLoops && !arrayParameters)
        {
            return true;
        }

        diagnostics.Add(Diagnostics.ResidualWithArrays, NameLocation(residual), residual.Name);
        return false;
    }

    private static MethodDeclarationSyntax? Declaration(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as MethodDeclarationSyntax;

    private static Location? NameLocation(IMethodSymbol method) =>
        Declaration(method)?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault();

    /// <summary>
    /// A user member named like a member the generator adds to a [Residual] model collides with it (SGD0023); the
    /// residual method itself may be named Residual, and then it is the <c>Residual(data)</c> the model has.
    /// </summary>
    private static void CheckResidualReservedNames(INamedTypeSymbol type, IMethodSymbol residual, DiagnosticBag diagnostics)
    {
        foreach (var (name, what) in s_residualMembers)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (!member.IsImplicitlyDeclared && !SymbolEqualityComparer.Default.Equals(member, residual))
                {
                    diagnostics.Add(Diagnostics.ReservedName, member.Locations.FirstOrDefault(), name, what + " (a [Residual] model gets one)");
                }
            }
        }
    }

    /// <summary>The name of the loss ½r²: one that is not the residual's, an argument's, a local's or a parameter's.</summary>
    private static string ResidualLossName(FunctionSpec residual, IEnumerable<string> parameterNames)
    {
        var taken = new HashSet<string>(parameterNames, System.StringComparer.Ordinal) { residual.Name };
        taken.UnionWith(residual.Arguments);
        taken.UnionWith(residual.Expressions.Where(e => e.Kind == ExprKind.Variable).Select(e => e.Name!));
        taken.UnionWith(residual.Statements.Where(s => s.Target is not null).Select(s => s.Target!));
        return s_residualLossNames.FirstOrDefault(name => !taken.Contains(name)) ?? "Loss_";
    }
}
