; Inno Setup 6 script: a per-user installer (no administrator rights) for the one-folder Windows build.
;
;   1. build the app:   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
;      (or by hand: .venv-dist\Scripts\pyinstaller --noconfirm --clean packaging\classifier-explorer.spec)
;   2. the installer:   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\classifier-explorer.iss
;
; Output: dist\classifier-explorer-<version>-windows-x64-setup.exe. Installs into %LOCALAPPDATA%\Programs\Classifier
; Explorer with a Start-menu entry (and, if ticked, a desktop icon); uninstalls from Settings > Apps.
; GPU variant: build with VARIANT=gpu (see packaging\README.md) and pass /DVariant=cuda.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef Variant
  #define Variant "cpu"
#endif
#if Variant == "cuda"
  #define SourceDir "..\..\dist\gpu\classifier-explorer"
  #define Suffix "-cuda"
#else
  #define SourceDir "..\..\dist\classifier-explorer"
  #define Suffix ""
#endif

[Setup]
; One AppId for both variants: installing one replaces the other.
AppId={{B82BDE0A-6730-4817-B267-D4D964AE189C}
AppName=Classifier Explorer
AppVersion={#AppVersion}
AppVerName=Classifier Explorer {#AppVersion}
AppPublisher=Classifier Explorer maintainers
AppComments=Edit a photo and watch what an ImageNet classifier makes of it. Works offline.
DefaultDirName={autopf}\Classifier Explorer
DefaultGroupName=Classifier Explorer
DisableProgramGroupPage=yes
; Per-user by default ({autopf} = %LOCALAPPDATA%\Programs); students on managed laptops have no admin rights.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6.11 and ONNX Runtime need Windows 10 1809 or newer.
MinVersion=10.0.17763
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\classifier-explorer.exe
UninstallDisplayName=Classifier Explorer
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
LZMAUseSeparateProcess=yes
OutputDir=..\..\dist
OutputBaseFilename=classifier-explorer{#Suffix}-{#AppVersion}-windows-x64-setup
ChangesAssociations=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: classifier-explorer.exe (windowed), classifier-explorer-cli.exe (console) and _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not leave libraries of an older build behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Classifier Explorer"; Filename: "{app}\classifier-explorer.exe"; WorkingDir: "{userdocs}"; Comment: "What does an ImageNet classifier look at?"
Name: "{autoprograms}\Classifier Explorer self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\classifier-explorer-cli.exe"" self-test"; WorkingDir: "{app}"; IconFilename: "{app}\classifier-explorer.exe"; Comment: "Checks this installation (offline)"
Name: "{autodesktop}\Classifier Explorer"; Filename: "{app}\classifier-explorer.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\classifier-explorer.exe"; Description: "{cm:LaunchProgram,Classifier Explorer}"; Flags: nowait postinstall skipifsilent
