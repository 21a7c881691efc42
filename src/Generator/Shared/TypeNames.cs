using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SymbolicGd.Generator.Scalar;

namespace SymbolicGd.Generator.Shared;

/// <summary>How generated code names a model's type, and the generated file.</summary>
internal static class TypeNames
{
    /// <summary><c>Namespace.Outer.Model.SymbolicGd.g.cs</c>, with <c>_N</c> after a generic type's name.</summary>
    public static string HintName(string? ns, IEnumerable<TypeDeclarationSpec> containers, TypeDeclarationSpec type)
    {
        var builder = new StringBuilder();
        if (ns is not null)
        {
            builder.Append(ns).Append('.');
        }

        foreach (var declaration in containers.Concat(new[] { type }))
        {
            builder.Append(declaration.Name);
            if (declaration.TypeParameters.Count > 0)
            {
                builder.Append('_').Append(declaration.TypeParameters.Count.ToString(CultureInfo.InvariantCulture));
            }

            builder.Append('.');
        }

        return builder.Append("SymbolicGd.g.cs").ToString();
    }

    /// <summary><c>global::Namespace.Outer&lt;T&gt;.Model</c>.</summary>
    public static string FullReference(string? ns, IEnumerable<TypeDeclarationSpec> containers, TypeDeclarationSpec type)
    {
        var builder = new StringBuilder("global::");
        if (ns is not null)
        {
            builder.Append(ns).Append('.');
        }

        foreach (var container in containers)
        {
            builder.Append(container.Name).Append(TypeParameterList(container)).Append('.');
        }

        return builder.Append(type.Name).Append(TypeParameterList(type)).ToString();
    }

    /// <summary><c>&lt;T, U&gt;</c>, or nothing for a type that is not generic.</summary>
    public static string TypeParameterList(TypeDeclarationSpec type) =>
        type.TypeParameters.Count == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters) + ">";
}
