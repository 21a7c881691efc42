#!/usr/bin/env bash
# Acceptance check, as a new user would meet SymbolicGd: a fresh console project OUTSIDE this repository references
# the SymbolicGd package (packed from this clone into a temporary folder) by PackageReference alone, declares its own
# models (Models.cs), and prints values and gradients at random points;
# PyTorch's autograd (float64) recomputes them independently (compare.py) and every number must agree to 1e-9.
# Needs PyTorch for the system Python: apt-get install python3-torch. Not part of `dotnet test`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d /tmp/symbolicgd-new-user.XXXXXX)"
trap 'rm -rf "$work"' EXIT

dotnet pack "$repo" -c Release -o "$work/feed" -nologo -v quiet
version="$(basename "$(ls "$work"/feed/SymbolicGd.[0-9]*.nupkg)" .nupkg)"; version="${version#SymbolicGd.}"
# Its own package folder, so that no SymbolicGd cached by an earlier run is used.
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources><add key="symbolicgd-local" value="$work/feed" /></packageSources>
</configuration>
CONFIG

cat > "$work/NewUser.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SymbolicGd" Version="$version" />
  </ItemGroup>
</Project>
PROJECT
cp "$here/Models.cs" "$here/Stacks.cs" "$here/Program.cs" "$work/"

dotnet build "$work/NewUser.csproj" -nologo -v quiet
dotnet run --no-build --project "$work/NewUser.csproj" > "$work/values.json"
python="${PYTHON:-/usr/bin/python3}"
"$python" "$here/compare.py" "$work/values.json"
