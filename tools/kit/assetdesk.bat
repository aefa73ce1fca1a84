@echo off
rem Starts AssetDesk from the virtual environment that install.bat made.
"%~dp0Scripts\assetdesk.exe" %*
