@echo off
rem AssetDesk offline installation: a virtual environment from an existing Python 3.11, packages
rem from the wheels folder only (no internet). Run from the folder where this file is.
setlocal
cd /d "%~dp0"
set "TARGET=%LOCALAPPDATA%\AssetDesk\app"
where py >nul 2>nul
if %errorlevel%==0 (set "PY=py -3.11") else (set "PY=python")
%PY% -c "import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)"
if errorlevel 1 (
  echo Python 3.11 が見つかりません。情報システム課の手順書に従って Python 3.11 を導入してから再実行してください。
  exit /b 1
)
%PY% -m venv "%TARGET%"
if errorlevel 1 exit /b 1
"%TARGET%\Scripts\python.exe" -m pip install --no-index --find-links "%~dp0wheels" assetdesk
if errorlevel 1 exit /b 1
copy /y "%~dp0assetdesk.bat" "%TARGET%\assetdesk.bat" >nul
echo.
echo インストールしました: %TARGET%
echo 起動: "%TARGET%\assetdesk.bat"  (デスクトップにショートカットを作ってください)
endlocal
