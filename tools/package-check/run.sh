#!/usr/bin/env bash
# The package as a new user meets it (a step of .ci/run): `dotnet pack -c Release -o <temp>` at the repository root,
# the package's contents listed and checked, then a fresh console project OUTSIDE the repository that references only
# SymbolicGd by PackageReference from that folder is built and run twice: with the latest C# and with C# 10 (the
# documented minimum), nullable on, all warning waves and warnings as errors both times. Program.cs checks the
# README's seed values and formulas and trains a small [Network]; a broken copy must fail with SGD0001 and its help
# link. Fails on any difference, on NU5xxx warnings, and on a package dependency of the generator. About 20 s.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d /tmp/symbolicgd-package.XXXXXX)"
trap 'rm -rf "$work"' EXIT
fail() { echo "package-check: $*" >&2; exit 1; }

start=$SECONDS
dotnet pack "$repo" -c Release -o "$work/feed" -nologo -v minimal > "$work/pack.log" 2>&1 || { cat "$work/pack.log"; fail "dotnet pack failed"; }
if grep -E "warning NU5[0-9]{3}" "$work/pack.log"; then fail "NU5xxx warnings above"; fi
echo "package-check: packed in $((SECONDS - start)) s:"
ls -1 "$work/feed"

# Only SymbolicGd and companions named SymbolicGd.* (each with its symbols), nothing from tests, samples or benchmarks.
for package in "$work"/feed/*; do
  case "$(basename "$package")" in
    SymbolicGd.[0-9]*.nupkg|SymbolicGd.[0-9]*.snupkg) ;;
    SymbolicGd.[A-Z]*.nupkg|SymbolicGd.[A-Z]*.snupkg) ;;
    *) fail "unexpected package $(basename "$package")" ;;
  esac
done
nupkg="$(ls "$work"/feed/SymbolicGd.[0-9]*.nupkg)"
[ "$(echo "$nupkg" | wc -l)" = 1 ] || fail "expected one SymbolicGd.<version>.nupkg, found: $nupkg"
version="$(basename "$nupkg" .nupkg)"; version="${version#SymbolicGd.}"
[ -f "$work/feed/SymbolicGd.$version.snupkg" ] || fail "no symbols package SymbolicGd.$version.snupkg"

list_zip() { /usr/bin/python3 -c 'import sys, zipfile; [print(n) for n in zipfile.ZipFile(sys.argv[1]).namelist()]' "$1"; }
read_zip() { /usr/bin/python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode("utf-8-sig"))' "$1" "$2"; }
echo "package-check: SymbolicGd $version contains:"
list_zip "$nupkg" | grep -v -E '^(_rels/|package/|\[Content_Types\])' | sed 's/^/  /' | tee "$work/contents.txt"
for expected in README.md LICENSE lib/net8.0/SymbolicGd.Runtime.dll lib/net8.0/SymbolicGd.Runtime.xml \
    analyzers/dotnet/roslyn4.8/cs/SymbolicGd.Generator.dll analyzers/dotnet/roslyn4.8/cs/SymbolicGd.CodeFixes.dll; do
  grep -qx "  $expected" "$work/contents.txt" || fail "the package lacks $expected"
done
if grep -E '^  (build|buildTransitive)/' "$work/contents.txt"; then fail "the package carries MSBuild files: the user's build must not inherit ours"; fi
nuspec="$(read_zip "$nupkg" SymbolicGd.nuspec)"
for element in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<releaseNotes>' '<tags>' '<description>'; do
  grep -qF "$element" <<< "$nuspec" || fail "the nuspec lacks $element"
done
if grep -qi 'Microsoft.CodeAnalysis' <<< "$nuspec"; then fail "a generator dependency leaks into the package's dependencies"; fi

# Fresh projects, as a new user would write them, with their own package folder (nuget.config in the folder above
# them) so that no SymbolicGd cached by an earlier run is used.
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources><add key="symbolicgd-local" value="$work/feed" /></packageSources>
</configuration>
CONFIG
for lang in latest 10; do
  user="$work/user-csharp-$lang"
  mkdir -p "$user"
  cp "$here/Program.cs" "$user/"
  cat > "$user/PackageUser.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <LangVersion>$lang</LangVersion>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <ImplicitUsings>disable</ImplicitUsings>
    <!-- Every warning wave of this compiler, as a strict user would set. -->
    <WarningLevel>9999</WarningLevel>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SymbolicGd" Version="$version" />
  </ItemGroup>
</Project>
PROJECT
  start=$SECONDS
  dotnet build "$user/PackageUser.csproj" -nologo -v quiet -p:UseSharedCompilation=true > "$work/build.log" 2>&1 \
    || { cat "$work/build.log"; fail "the user's project (LangVersion $lang) does not build"; }
  [ -d "$work/packages/symbolicgd/$version" ] || fail "SymbolicGd $version was not restored from the packed folder"
  echo "package-check: LangVersion $lang: built in $((SECONDS - start)) s; running:"
  dotnet "$user/bin/Debug/net10.0/PackageUser.dll" > "$work/run.log" 2>&1 || { sed 's/^/  /' "$work/run.log"; fail "the user's program (LangVersion $lang) failed its checks"; }
  sed 's/^/  /' "$work/run.log"
done
# A mistake a new user makes: the model class is not partial. The build fails with SGD0001 on it, with its help link.
broken="$work/user-broken"
mkdir -p "$broken"
cp "$work/user-csharp-10/PackageUser.csproj" "$broken/"
sed 's/public partial class Micrograd/public class Micrograd/' "$here/Program.cs" > "$broken/Program.cs"
if dotnet build "$broken/PackageUser.csproj" -nologo -v quiet > "$work/broken.log" 2>&1; then
  fail "a model class that is not partial built without an error"
fi
grep -E "Program.cs\([0-9]+,[0-9]+\): error SGD0001: .*Micrograd.*docs/diagnostics.md#sgd0001" "$work/broken.log" | head -1 | sed 's/^ */  /' \
  || { cat "$work/broken.log"; fail "no SGD0001 with its help link for a class that is not partial"; }
echo "package-check: passed"
