#!/usr/bin/env bash
# Acceptance check, as a new user would meet SymbolicGd: a fresh console project OUTSIDE this repository references
# the src projects, declares its own models (Models.cs), and prints values and gradients at random points;
# PyTorch's autograd (float64) recomputes them independently (compare.py) and every number must agree to 1e-9.
# Needs PyTorch for the system Python: apt-get install python3-torch. Not part of `dotnet test`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d /tmp/symbolicgd-new-user.XXXXXX)"
trap 'rm -rf "$work"' EXIT

cat > "$work/NewUser.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Runtime/SymbolicGd.Runtime.csproj" />
    <ProjectReference Include="$repo/src/Generator/SymbolicGd.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
PROJECT
cp "$here/Models.cs" "$here/Stacks.cs" "$here/Program.cs" "$work/"

dotnet build "$work/NewUser.csproj" -nologo -v quiet
dotnet run --no-build --project "$work/NewUser.csproj" > "$work/values.json"
python="${PYTHON:-/usr/bin/python3}"
"$python" "$here/compare.py" "$work/values.json"
