using System;
using System.Collections.Generic;
using System.Globalization;

namespace SymbolicGd.Generator.CodeGen;

/// <summary>
/// The one way the generator makes a name unique: the name itself if it is free, else the name with the first free
/// version after it (s, s_2, s_3, …), or for numbered names the next free number (t0, t1, …). Each base name
/// remembers where its versions stopped, so the k-th version of a name costs O(1), not O(k): a local reassigned
/// 30,000 times is named in linear time.
/// </summary>
internal sealed class UniqueNames
{
    private readonly HashSet<string> _used;
    private readonly Dictionary<string, int> _next = new(StringComparer.Ordinal);
    private readonly string _separator;

    /// <param name="reserved">Names that are taken from the start.</param>
    /// <param name="separator">Between a name and its version: "_" for identifiers, "#" for the parser's keys.</param>
    public UniqueNames(IEnumerable<string> reserved, string separator = "_")
    {
        _used = new HashSet<string>(reserved, StringComparer.Ordinal);
        _separator = separator;
    }

    /// <summary>How many candidate names have been tried in all: the scale tests check it stays linear.</summary>
    public long Probes { get; private set; }

    /// <summary>Every name taken so far.</summary>
    public IEnumerable<string> Used => _used;

    public bool IsUsed(string name) => _used.Contains(name);

    /// <summary>Takes the name as it is; false if it was taken already.</summary>
    public bool Reserve(string name) => _used.Add(name);

    /// <summary>Frees a name. Versions already handed out stay taken.</summary>
    public void Release(string name)
    {
        if (_used.Remove(name))
        {
            _next.Clear(); // a freed name may be a version: let every search start over (this is rare)
        }
    }

    /// <summary><paramref name="preferred"/> if it is free, else its first free version; taken from now on.</summary>
    public string Unique(string preferred)
    {
        Probes++;
        if (_used.Add(preferred))
        {
            return preferred;
        }

        int version = _next.TryGetValue(preferred, out int next) ? next : 2;
        string name;
        do
        {
            name = preferred + _separator + version.ToString(CultureInfo.InvariantCulture);
            version++;
            Probes++;
        }
        while (!_used.Add(name));

        _next[preferred] = version;
        return name;
    }

    /// <summary>The prefix with the next free number after the last one handed out: t0, t1, …; taken from now on.</summary>
    public string Numbered(string prefix)
    {
        string key = prefix + "\0numbered";
        int number = _next.TryGetValue(key, out int next) ? next : 0;
        string name;
        do
        {
            name = prefix + number.ToString(CultureInfo.InvariantCulture);
            number++;
            Probes++;
        }
        while (!_used.Add(name));

        _next[key] = number;
        return name;
    }
}
