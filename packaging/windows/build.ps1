# Builds the Windows one-folder app and its Inno Setup installer. Run from any folder:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Variant cpu|gpu]
# Needs: Python 3.11 x64 from python.org (py launcher), Inno Setup 6 (ISCC.exe), and the latest
# Microsoft Visual C++ Redistributable on the build machine (PyInstaller copies its runtime DLLs).
param([ValidateSet("cpu", "gpu")][string]$Variant = "cpu")
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

$venv = if ($Variant -eq "gpu") { ".venv-dist-gpu" } else { ".venv-dist" }
$requirements = if ($Variant -eq "gpu") { "packaging\requirements-dist-gpu.txt" } else { "packaging\requirements-dist.txt" }
$dist = if ($Variant -eq "gpu") { "dist\gpu" } else { "dist" }
$version = (Select-String -Path pyproject.toml -Pattern '^version = "(.*)"').Matches[0].Groups[1].Value

if (-not (Test-Path "$venv\Scripts\python.exe")) {
    py -3.11 -m venv $venv
    & "$venv\Scripts\python.exe" -m pip install --upgrade pip
    & "$venv\Scripts\python.exe" -m pip install -r $requirements
}
$env:CE_VARIANT = $Variant
& "$venv\Scripts\pyinstaller.exe" --noconfirm --clean --distpath $dist --workpath "build\packaging-$Variant\pyinstaller" packaging\classifier-explorer.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The console twin prints the self-test; offscreen so that no window flashes up on the build machine.
$env:QT_QPA_PLATFORM = "offscreen"
& "$dist\classifier-explorer\classifier-explorer-cli.exe" self-test
if ($LASTEXITCODE -ne 0) { throw "the frozen app's self-test failed" }
Remove-Item Env:QT_QPA_PLATFORM

$size = (Get-ChildItem -Recurse "$dist\classifier-explorer" | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("one-folder build: {0:N0} MB" -f $size)

$iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $iscc) { throw "Inno Setup 6 is not installed (https://jrsoftware.org/isinfo.php, or: winget install JRSoftware.InnoSetup)" }
$innoVariant = if ($Variant -eq "gpu") { "cuda" } else { "cpu" }
& $iscc "/DAppVersion=$version" "/DVariant=$innoVariant" packaging\windows\classifier-explorer.iss
if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }
Get-ChildItem dist\*-setup.exe
