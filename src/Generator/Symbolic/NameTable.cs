using System.Collections.Generic;
using System.Globalization;

namespace SymbolicGd.Generator.Symbolic;

/// <summary>
/// The names of a model's generated locals, shared by all its generated methods so a node has one name
/// everywhere: the user's own local names first, then the loss's name for its value, ∂-names (dE_do1) for the
/// adjoints of named locals, and t0, t1, … for the rest. No name repeats and none shadows an identifier of the model.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<int, string> _names = new();
    private readonly Dictionary<int, string> _preferred = new();
    private readonly HashSet<string> _used;
    private readonly HashSet<int> _userNamed = new();
    private int _nextTemporary;

    public NameTable(IEnumerable<string> identifiers)
    {
        _used = new HashSet<string>(identifiers, System.StringComparer.Ordinal);
    }

    /// <summary>Every generated local name given out so far.</summary>
    public IEnumerable<string> Names => _names.Values;

    /// <summary>Names the node after a local of the user's code (already unique, see <see cref="Lowering"/>).</summary>
    public void NameAfterLocal(int node, string name)
    {
        _names[node] = name;
        _used.Add(name);
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
    public void Release(string name) => _used.Remove(name);

    public bool IsUserNamed(int node) => _userNamed.Contains(node);

    public bool TryGet(int node, out string name) => _names.TryGetValue(node, out name!);

    /// <summary>The node's name, giving it one now if it has none.</summary>
    public string For(int node)
    {
        if (_names.TryGetValue(node, out string? name))
        {
            return name;
        }

        if (_preferred.TryGetValue(node, out string? preferred))
        {
            name = Unique(preferred);
        }
        else
        {
            do
            {
                name = "t" + _nextTemporary.ToString(CultureInfo.InvariantCulture);
                _nextTemporary++;
            }
            while (_used.Contains(name));
            _used.Add(name);
        }

        _names[node] = name;
        return name;
    }

    /// <summary>A name like <paramref name="preferred"/> that nothing else uses, reserved from now on.</summary>
    public string Unique(string preferred)
    {
        string name = preferred;
        for (int version = 2; !_used.Add(name); version++)
        {
            name = preferred + "_" + version.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }
}
