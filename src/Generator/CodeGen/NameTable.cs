using System.Collections.Generic;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.CodeGen;

/// <summary>
/// The names of a model's generated locals, shared by all its generated methods so a node has one name
/// everywhere: the user's own local names first, then the loss's name for its value, ∂-names (dE_do1) for the
/// adjoints of named locals, and t0, t1, … for the rest. No name repeats and none shadows an identifier of the model.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<int, string> _names = new();
    private readonly Dictionary<int, string> _preferred = new();
    private readonly UniqueNames _used;
    private readonly HashSet<int> _userNamed = new();

    public NameTable(IEnumerable<string> identifiers)
    {
        _used = new UniqueNames(identifiers);
    }

    /// <summary>A table whose names come from a pool other tables share: a loop program names the nodes of each of its
    /// regions in a table of its own, and no two locals of the method may have one name.</summary>
    public NameTable(UniqueNames shared)
    {
        _used = shared;
    }

    /// <summary>Every generated local name given out so far.</summary>
    public IEnumerable<string> Names => _names.Values;

    /// <summary>Names the node after a local of the user's code (already unique, see <see cref="Lowering"/>).</summary>
    public void NameAfterLocal(int node, string name)
    {
        _names[node] = name;
        _used.Reserve(name);
        _userNamed.Add(node);
    }

    /// <summary>The name the node gets if it is ever materialized, made unique then.</summary>
    public void Prefer(int node, string name)
    {
        if (!_names.ContainsKey(node) && !_preferred.ContainsKey(node))
        {
            _preferred[node] = name;
        }
    }

    /// <summary>Frees an identifier for a local: the loss method's own name may name the local that holds its value.</summary>
    public void Release(string name) => _used.Release(name);

    public bool IsUserNamed(int node) => _userNamed.Contains(node);

    /// <summary>The names of the user's own locals given out so far.</summary>
    public IEnumerable<string> UserNames
    {
        get
        {
            foreach (int node in _userNamed)
            {
                yield return _names[node];
            }
        }
    }

    public bool TryGet(int node, out string name) => _names.TryGetValue(node, out name!);

    /// <summary>Names the node after a local it takes over from a value no longer needed (see <see cref="LocalReuse"/>).</summary>
    public void Reuse(int node, string name) => _names[node] = name;

    /// <summary>The node's name, giving it one now if it has none.</summary>
    public string For(int node)
    {
        if (_names.TryGetValue(node, out string? name))
        {
            return name;
        }

        name = _preferred.TryGetValue(node, out string? preferred) ? _used.Unique(preferred) : _used.Numbered("t");

        _names[node] = name;
        return name;
    }

    /// <summary>A name like <paramref name="preferred"/> that nothing else uses, reserved from now on.</summary>
    public string Unique(string preferred) => _used.Unique(preferred);
}
