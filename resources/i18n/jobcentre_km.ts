<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="km" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="+55"/>
        <source>Job Centre Desk</source>
        <translation>តុចុះឈ្មោះ មជ្ឈមណ្ឌលការងារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About {app}</source>
        <translation>អំពី {app}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Registering returning migrant workers for jobs and training. Ministry of Labour and Vocational Training.</source>
        <translation>ការចុះឈ្មោះពលករចំណាកស្រុកវិលត្រឡប់ ដើម្បីស្វែងរកការងារ និងវគ្គបណ្តុះបណ្តាល។ ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ។</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Version</source>
        <translation>កំណែ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>ថតទិន្នន័យ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device id</source>
        <translation>លេខសម្គាល់ឧបករណ៍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device tag</source>
        <translation>កូដឧបករណ៍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Office</source>
        <translation>ការិយាល័យ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place names (gazetteer)</source>
        <translation>បញ្ជីឈ្មោះភូមិ ឃុំ ស្រុក ខេត្ត</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sectors and courses list</source>
        <translation>បញ្ជីវិស័យការងារ និងវគ្គបណ្តុះបណ្តាល</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Place names</source>
        <translation>ឈ្មោះទីកន្លែង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Font</source>
        <translation>ពុម្ពអក្សរ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy details</source>
        <translation>ចម្លងព័ត៌មានលម្អិត</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Notices</source>
        <translation>សេចក្តីជូនដំណឹង (ប្រភព និងអាជ្ញាប័ណ្ណ)</translation>
    </message>
</context>
<context>
    <name>AcceptDialog</name>
    <message>
        <location filename="../../app/ui/inbox_view.py" line="+276"/>
        <source>Accept {ref}</source>
        <translation>ទទួលយក {ref}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sent from the QR page on {when}. Call {phone}, check every field with the person, correct what is wrong, then save.</source>
        <translation>បានផ្ញើពីទំព័រ QR នៅ {when}។ សូមទូរស័ព្ទទៅ {phone} ពិនិត្យព័ត៌មាននីមួយៗជាមួយបុគ្គលនោះ កែតម្រូវចំណុចដែលខុស រួចរក្សាទុក។</translation>
    </message>
</context>
<context>
    <name>AccountError</name>
    <message>
        <location filename="../../app/messages.py" line="+282"/>
        <source>This data folder is already set up</source>
        <translation>ថតទិន្នន័យនេះត្រូវបានរៀបចំរួចហើយ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the officer&apos;s name</source>
        <translation>សូមបញ្ចូលឈ្មោះមន្ត្រី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An officer named {name} already exists</source>
        <translation>មានមន្ត្រីឈ្មោះ {name} រួចហើយ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name must be at most {max} characters</source>
        <translation>ឈ្មោះត្រូវមានយ៉ាងច្រើន {max} តួអក្សរ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unknown role</source>
        <translation>តួនាទីមិនស្គាល់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The password must be at least {min} characters</source>
        <translation>ពាក្យសម្ងាត់ត្រូវមានយ៉ាងតិច {min} តួអក្សរ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wrong name or password</source>
        <translation>ឈ្មោះ ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only a supervisor can do this</source>
        <translation>មានតែអ្នកគ្រប់គ្រងប៉ុណ្ណោះដែលអាចធ្វើការនេះបាន</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no officer named {name}</source>
        <translation>គ្មានមន្ត្រីឈ្មោះ {name} ទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No officer account exists yet</source>
        <translation>មិនទាន់មានគណនីមន្ត្រីនៅឡើយទេ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The account of {name} is disabled: a supervisor turned it off. Ask your supervisor to turn it on again if you still work here.</source>
        <translation>គណនីរបស់ {name} ត្រូវបានបិទ៖ អ្នកគ្រប់គ្រងបានបិទវា។ សូមស្នើអ្នកគ្រប់គ្រងឱ្យបើកវាវិញ ប្រសិនបើអ្នកនៅតែធ្វើការនៅទីនេះ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You cannot disable your own account while signed in with it</source>
        <translation>អ្នកមិនអាចបិទគណនីរបស់ខ្លួនឯង ខណៈពេលកំពុងចូលប្រើដោយគណនីនោះបានទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too many wrong passwords for {name}: try again in {wait}, or ask a supervisor to unlock the account</source>
        <translation>ពាក្យសម្ងាត់ខុសច្រើនដងពេកសម្រាប់ {name}៖ សូមព្យាយាមម្ដងទៀតក្នុងរយៈពេល {wait} ឬសុំអ្នកគ្រប់គ្រងឱ្យដោះសោគណនី</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That recovery key does not open this desk</source>
        <translation>កូនសោសង្គ្រោះនេះមិនបើកកុំព្យូទ័រនេះទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This desk has no recovery key</source>
        <translation>កុំព្យូទ័រនេះគ្មានកូនសោសង្គ្រោះទេ</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../app/ui/app.py" line="+98"/>
        <source>This data folder is already open in another Job Centre Desk window (process {pid}, open since {since}). Switch to that window, or close it and start again.</source>
        <translation>ថតទិន្នន័យនេះកំពុងបើកនៅក្នុងបង្អួចតុចុះឈ្មោះ មជ្ឈមណ្ឌលការងារ មួយទៀតរួចហើយ (ដំណើរការ {pid} បើកតាំងពី {since})។ សូមប្តូរទៅបង្អួចនោះ ឬបិទវា ហើយចាប់ផ្តើមម្តងទៀត។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Data folder: {folder}</source>
        <translation>ថតទិន្នន័យ៖ {folder}</translation>
    </message>
</context>
<context>
    <name>AuditTrailDialog</name>
    <message>
        <location filename="../../app/ui/audit_view.py" line="+99"/>
        <source>(no officer: a command)</source>
        <translation>(គ្មានមន្ត្រី៖ ពាក្យបញ្ជា)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{count} events, newest first (at most {most})</source>
        <translation>សកម្មភាព {count} ថ្មីបំផុតមុន (យ៉ាងច្រើន {most})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} events, newest first</source>
        <translation>សកម្មភាព {count} ថ្មីបំផុតមុន</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Searched</source>
        <translation>បានស្វែងរក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened</source>
        <translation>បានបើកមើល</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed the slip</source>
        <translation>បានបោះពុម្ពប័ណ្ណ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported</source>
        <translation>បាននាំចេញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edited</source>
        <translation>បានកែប្រែ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrew</source>
        <translation>បានដកឈ្មោះចេញ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a name</source>
        <translation>ឈ្មោះ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a phone number</source>
        <translation>លេខទូរស័ព្ទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a registration number</source>
        <translation>លេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>for {kind}: {count} found</source>
        <translation>រក{kind}៖ រកឃើញ {count}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} records</source>
        <translation>កំណត់ត្រា {count}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Everyone</source>
        <translation>ទាំងអស់គ្នា</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Audit trail</source>
        <translation>កំណត់ហេតុសកម្មភាព</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>Officer</source>
        <translation>មន្ត្រី</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+6"/>
        <source>Registration number</source>
        <translation>លេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Days</source>
        <translation>ថ្ងៃ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from</source>
        <translation>ពី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>ដល់</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When</source>
        <translation>ពេលវេលា</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>សកម្មភាព</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>ព័ត៌មានលម្អិត</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../app/messages.py" line="+39"/>
        <source>{file}: there is no such file</source>
        <translation>{file}៖ មិនមានឯកសារនេះទេ។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{file} is a folder: give the name of the backup file to write</source>
        <translation>{file} ជាថត៖ សូមផ្ដល់ឈ្មោះឯកសារច្បាប់ចម្លងបម្រុងទុកដែលត្រូវសរសេរ។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{file} is not a Job Centre Desk backup (it cannot be read as a database with this desk&apos;s key). Nothing was changed.</source>
        <translation>{file} មិនមែនជាច្បាប់ចម្លងបម្រុងទុករបស់ Job Centre Desk ទេ (មិនអាចអានជាមូលដ្ឋានទិន្នន័យដោយកូនសោរបស់កុំព្យូទ័រនេះបានទេ)។ គ្មានអ្វីត្រូវបានផ្លាស់ប្ដូរទេ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file} is damaged (SQLite&apos;s check says: {why}). Nothing was changed; restore an older backup.</source>
        <translation>{file} ខូច (ការពិនិត្យរបស់ SQLite និយាយថា៖ {why})។ គ្មានអ្វីត្រូវបានផ្លាស់ប្ដូរទេ។ សូមស្ដារពីច្បាប់ចម្លងបម្រុងទុកចាស់ជាងនេះ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file} is a database but not a Job Centre Desk backup (it has no device). Nothing was changed.</source>
        <translation>{file} ជាមូលដ្ឋានទិន្នន័យ ប៉ុន្តែមិនមែនជាច្បាប់ចម្លងបម្រុងទុករបស់ Job Centre Desk ទេ (គ្មានឧបករណ៍)។ គ្មានអ្វីត្រូវបានផ្លាស់ប្ដូរទេ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file} was made by a newer version of Job Centre Desk (it has schema step {step}). Install the newer version, then restore. Nothing was changed.</source>
        <translation>{file} ត្រូវបានធ្វើដោយកំណែថ្មីជាងរបស់ Job Centre Desk (វាមានជំហានគ្រោងទិន្នន័យ {step})។ សូមដំឡើងកំណែថ្មីជាងនោះ រួចស្ដារ។ គ្មានអ្វីត្រូវបានផ្លាស់ប្ដូរទេ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file} is the backup of laptop {theirs}, not of this one ({ours}). Restoring it would give this laptop the other one&apos;s identity and registration numbers. Restore it into an empty data folder on the laptop that replaces {theirs}. Nothing was changed.</source>
        <translation>{file} ជាច្បាប់ចម្លងបម្រុងទុករបស់កុំព្យូទ័រ {theirs} មិនមែនរបស់កុំព្យូទ័រនេះ ({ours}) ទេ។ ការស្ដារវានឹងផ្ដល់អត្តសញ្ញាណ និងលេខចុះឈ្មោះរបស់កុំព្យូទ័រនោះដល់កុំព្យូទ័រនេះ។ សូមស្ដារវាទៅក្នុងថតទិន្នន័យទទេ នៅលើកុំព្យូទ័រដែលជំនួស {theirs}។ គ្មានអ្វីត្រូវបានផ្លាស់ប្ដូរទេ។</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <location filename="../../app/ui/backup_actions.py" line="+88"/>
        <source>{title}: starting</source>
        <translation>{title}៖ កំពុងចាប់ផ្ដើម</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{title}: {done} of {total} pages</source>
        <translation>{title}៖ {done} ក្នុងចំណោម {total} ទំព័រ</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Back up to</source>
        <translation>បម្រុងទុកទៅ</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+43"/>
        <source>Job Centre Desk backup</source>
        <translation>ច្បាប់ចម្លងបម្រុងទុករបស់ Job Centre Desk</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Backing up</source>
        <translation>កំពុងបម្រុងទុក</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+3"/>
        <location line="+4"/>
        <source>Not backed up</source>
        <translation>មិនបានបម្រុងទុក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The backup could not be written to {file}: {reason}</source>
        <translation>មិនអាចសរសេរច្បាប់ចម្លងបម្រុងទុកទៅ {file} បានទេ៖ {reason}</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Backed up</source>
        <translation>បានបម្រុងទុក</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Cancel</source>
        <translation>បោះបង់</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>The desk&apos;s records were copied to {file}. Keep it somewhere safe: it holds every returnee&apos;s details.</source>
        <translation>កំណត់ត្រារបស់កុំព្យូទ័រនេះត្រូវបានចម្លងទៅ {file}។ សូមរក្សាវាទុកនៅកន្លែងមានសុវត្ថិភាព៖ វាមានព័ត៌មានលម្អិតរបស់ពលករវិលត្រឡប់គ្រប់រូប។</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The backup was stopped; no file was written.</source>
        <translation>ការបម្រុងទុកត្រូវបានបញ្ឈប់ គ្មានឯកសារណាមួយត្រូវបានសរសេរទេ។</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Restore from</source>
        <translation>ស្ដារពី</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+34"/>
        <location line="+21"/>
        <location line="+3"/>
        <location line="+4"/>
        <source>Not restored</source>
        <translation>មិនបានស្ដារ</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Restore from a backup?</source>
        <translation>ស្ដារពីច្បាប់ចម្លងបម្រុងទុក?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace this desk&apos;s records with the backup {file} (written {when})? Records saved after it will no longer be on this laptop; those already sent are still at headquarters. A copy of the current records is kept in the data folder&apos;s backups folder.</source>
        <translation>ជំនួសកំណត់ត្រារបស់កុំព្យូទ័រនេះដោយច្បាប់ចម្លងបម្រុងទុក {file} (សរសេរនៅ {when}) ឬ? កំណត់ត្រាដែលបានរក្សាទុកបន្ទាប់ពីវា នឹងលែងមាននៅលើកុំព្យូទ័រនេះទៀតហើយ។ កំណត់ត្រាដែលបានផ្ញើរួច នៅតែមាននៅទីស្នាក់ការកណ្តាល។ ច្បាប់ចម្លងនៃកំណត់ត្រាបច្ចុប្បន្នត្រូវបានរក្សាទុកក្នុងថត backups នៃថតទិន្នន័យ។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restore</source>
        <translation>ស្ដារ</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The restore was stopped; this desk&apos;s records are as they were.</source>
        <translation>ការស្ដារត្រូវបានបញ្ឈប់ កំណត់ត្រារបស់កុំព្យូទ័រនេះនៅដដែល។</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file} could not be restored: {reason}. This desk&apos;s records are as they were.</source>
        <translation>មិនអាចស្ដារ {file} បានទេ៖ {reason}។ កំណត់ត្រារបស់កុំព្យូទ័រនេះនៅដដែល។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restoring</source>
        <translation>កំពុងស្ដារ</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>A sync is sending records right now. Wait for it to finish, then restore.</source>
        <translation>ការធ្វើសមកាលកម្មកំពុងផ្ញើកំណត់ត្រាឥឡូវនេះ។ សូមរង់ចាំឱ្យវាបញ្ចប់ រួចស្ដារ។</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The records of {file} are back on this desk.</source>
        <translation>កំណត់ត្រារបស់ {file} បានត្រឡប់មកកុំព្យូទ័រនេះវិញហើយ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The records it replaced are kept in {copy}.</source>
        <translation>កំណត់ត្រាដែលវាបានជំនួស ត្រូវបានរក្សាទុកក្នុង {copy}។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restored</source>
        <translation>បានស្ដារ</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <location filename="../../app/cli.py" line="+34"/>
        <source>give the password on standard input with --password-stdin</source>
        <translation>សូមផ្តល់ពាក្យសម្ងាត់តាម standard input ដោយប្រើ --password-stdin</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>no password on standard input</source>
        <translation>គ្មានពាក្យសម្ងាត់នៅលើ standard input ទេ</translation>
    </message>
    <message>
        <location line="+313"/>
        <source>sent {done} of {total} records</source>
        <translation>បានផ្ញើ {done} ក្នុងចំណោម {total} កំណត់ត្រា</translation>
    </message>
    <message>
        <location line="-246"/>
        <source>device {device} tag {tag} office {office}</source>
        <translation>ឧបករណ៍ {device} កូដឧបករណ៍ {tag} ការិយាល័យ {office}</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Password for {name}: </source>
        <translation>ពាក្យសម្ងាត់របស់ {name}៖ </translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{name}&apos;s password is needed: give it with --password-stdin, in {env}, or type it at a terminal</source>
        <translation>ត្រូវការពាក្យសម្ងាត់របស់ {name}៖ ផ្ដល់វាដោយ --password-stdin ក្នុង {env} ឬវាយវានៅក្នុងស្ថានីយ</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>officer {name} ({role})</source>
        <translation>មន្ត្រី {name} ({role})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>recovery key {key}: write it down or print it, and keep it locked away; it opens this desk if every password is forgotten</source>
        <translation>កូនសោសង្គ្រោះ {key}៖ សូមសរសេរ ឬបោះពុម្ពវា ហើយរក្សាទុកក្នុងកន្លែងចាក់សោ។ វាបើកកុំព្យូទ័រនេះ ប្រសិនបើភ្លេចពាក្យសម្ងាត់ទាំងអស់</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>officer {name} ({role}) {id}</source>
        <translation>មន្ត្រី {name} ({role}) {id}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>officer {name} can sign in again</source>
        <translation>មន្ត្រី {name} អាចចូលប្រើវិញបានហើយ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>officer {name} can no longer sign in</source>
        <translation>មន្ត្រី {name} លែងអាចចូលប្រើបានទៀតហើយ</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>officer {name} can try their password again now</source>
        <translation>មន្ត្រី {name} អាចសាកល្បងពាក្យសម្ងាត់ម្ដងទៀតឥឡូវនេះ</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>name the supervisor who gets a new password with --officer NAME</source>
        <translation>សូមដាក់ឈ្មោះអ្នកគ្រប់គ្រងដែលទទួលពាក្យសម្ងាត់ថ្មី ដោយប្រើ --officer NAME</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recovery key: </source>
        <translation>កូនសោសង្គ្រោះ៖ </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>give the recovery key on standard input with --recovery-key-stdin, or type it at a terminal</source>
        <translation>សូមផ្តល់កូនសោសង្គ្រោះតាម standard input ដោយប្រើ --recovery-key-stdin ឬវាយវានៅ terminal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no recovery key was given</source>
        <translation>គ្មានកូនសោសង្គ្រោះត្រូវបានផ្តល់ឱ្យទេ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New password for {name}: </source>
        <translation>ពាក្យសម្ងាត់ថ្មីរបស់ {name}៖ </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The new password again: </source>
        <translation>ពាក្យសម្ងាត់ថ្មីម្តងទៀត៖ </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the two passwords are not the same; nothing was changed</source>
        <translation>ពាក្យសម្ងាត់ទាំងពីរមិនដូចគ្នាទេ គ្មានអ្វីត្រូវបានផ្លាស់ប្តូរទេ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>give the new password on standard input with --password-stdin, or type it at a terminal</source>
        <translation>សូមផ្តល់ពាក្យសម្ងាត់ថ្មីតាម standard input ដោយប្រើ --password-stdin ឬវាយវានៅ terminal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the keys file of {folder} is made again: {name} signs in with the new password</source>
        <translation>ឯកសារកូនសោនៃ {folder} ត្រូវបានបង្កើតឡើងវិញ៖ {name} ចូលដោយប្រើពាក្យសម្ងាត់ថ្មី</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>these officers need a new password from a supervisor before they can sign in (Settings, Officers): {names}</source>
        <translation>មន្ត្រីទាំងនេះត្រូវការពាក្យសម្ងាត់ថ្មីពីអ្នកគ្រប់គ្រង មុនពេលពួកគេអាចចូលបាន (ការកំណត់ មន្ត្រី)៖ {names}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Nothing was saved.</source>
        <translation>មិនបានរក្សាទុកអ្វីទាំងអស់។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>saved {saved}, not saved {failed}, likely duplicates kept {kept}</source>
        <translation>បានរក្សាទុក {saved} មិនបានរក្សាទុក {failed} ទំនងជាស្ទួនតែរក្សាទុក {kept}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>saved {saved}, not saved {failed}</source>
        <translation>បានរក្សាទុក {saved} មិនបានរក្សាទុក {failed}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>exported {count} records to {file}</source>
        <translation>បាននាំចេញកំណត់ត្រា {count} ទៅ {file}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>withdrawn</source>
        <translation>បានដកឈ្មោះចេញ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no matches</source>
        <translation>រកមិនឃើញ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>pending</source>
        <translation>រង់ចាំផ្ញើ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent</source>
        <translation>បានផ្ញើ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>quarantined</source>
        <translation>បានបដិសេធ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>data folder</source>
        <translation>ថតទិន្នន័យ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>device</source>
        <translation>ឧបករណ៍</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{device} (tag {tag})</source>
        <translation>{device} (កូដឧបករណ៍ {tag})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>office</source>
        <translation>ការិយាល័យ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reference</source>
        <translation>ទិន្នន័យយោង</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{version} ({count} training sessions)</source>
        <translation>{version} (វគ្គបណ្តុះបណ្តាល {count})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>records</source>
        <translation>កំណត់ត្រា</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>made {count} demo registrations</source>
        <translation>បានបង្កើតការចុះឈ្មោះសាកល្បង {count}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>no registration numbered {number}</source>
        <translation>គ្មានការចុះឈ្មោះលេខ {number} ទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>wrote {count} slips to {file}</source>
        <translation>បានសរសេរប័ណ្ណ {count} ទៅ {file}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>enrolled with {server} as device {device} (tag {tag})</source>
        <translation>បានចុះបញ្ជីជាមួយ {server} ជាឧបករណ៍ {device} (កូដឧបករណ៍ {tag})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>headquarters issued device tag {tag}; new numbers use it</source>
        <translation>ទីស្នាក់ការកណ្តាលបានផ្តល់កូដឧបករណ៍ {tag}; លេខថ្មីៗប្រើកូដនេះ</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{count} stored</source>
        <translation>បានរក្សាទុក {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} already had</source>
        <translation>មានរួចហើយ {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} stale</source>
        <translation>ចាស់ជាង {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} conflict</source>
        <translation>ខុសគ្នា {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} rejected</source>
        <translation>បានបដិសេធ {count}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>pushed {pushed} in {batches} batches ({counts}); pulled {pulled}</source>
        <translation>បានផ្ញើ {pushed} ក្នុង {batches} ដង ({counts}); បានទាញយក {pulled}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>warning: this computer&apos;s clock is {minutes} minutes off headquarters&apos;</source>
        <translation>ប្រយ័ត្ន៖ នាឡិកាកុំព្យូទ័រនេះខុសពីនាឡិកាទីស្នាក់ការកណ្តាល {minutes} នាទី</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>workers wanted: {n}</source>
        <translation>ត្រូវការកម្មករ៖ {n} នាក់</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>returnee</source>
        <translation>ពលករវិលត្រឡប់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>taken by this desk, not saved yet</source>
        <translation>កុំព្យូទ័រនេះបានយកហើយ ប៉ុន្តែមិនទាន់រក្សាទុក</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>nothing waiting in the inbox</source>
        <translation>គ្មានអ្វីរង់ចាំក្នុងប្រអប់ទទួលទេ</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>accepted {ref}: registration {number}</source>
        <translation>បានទទួលយក {ref}៖ ការចុះឈ្មោះ {number}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>accepted {ref}: employer request {id}</source>
        <translation>បានទទួលយក {ref}៖ សំណើរបស់និយោជក {id}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>turned down {ref}</source>
        <translation>បានបដិសេធ {ref}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>backing up</source>
        <translation>កំពុងបម្រុងទុក</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>backed up {pages} pages to {file}</source>
        <translation>បានបម្រុងទុក {pages} ទំព័រទៅ {file}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>restoring</source>
        <translation>កំពុងស្ដារ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a window (process {pid}) has {folder} open: close it, then restore</source>
        <translation>បង្អួចមួយ (ដំណើរការ {pid}) កំពុងបើក {folder}៖ សូមបិទវា រួចស្ដារ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a sync of {folder} is running: wait for it to finish, then restore</source>
        <translation>ការធ្វើសមកាលកម្មនៃ {folder} កំពុងដំណើរការ៖ សូមរង់ចាំឱ្យវាបញ្ចប់ រួចស្ដារ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>restored {file}; the next registration number is {number}</source>
        <translation>បានស្ដារ {file}។ លេខចុះឈ្មោះបន្ទាប់គឺ {number}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the database it replaced is kept in {copy}</source>
        <translation>មូលដ្ឋានទិន្នន័យដែលវាបានជំនួស ត្រូវបានរក្សាទុកក្នុង {copy}</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>{folder} is not set up; run `jobcentre init` first</source>
        <translation>ថត {folder} មិនទាន់បានរៀបចំនៅឡើយទេ សូមដំណើរការ `jobcentre init` ជាមុនសិន</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>the database in {folder} cannot be read ({why}); restore the latest copy from its backups folder</source>
        <translation>មិនអាចអានមូលដ្ឋានទិន្នន័យក្នុង {folder} បានទេ ({why}); សូមស្តារច្បាប់ចម្លងចុងក្រោយពីថត backups របស់វា</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../app/ui/quarantine_view.py" line="+260"/>
        <source>Choose which copy to keep</source>
        <translation>សូមជ្រើសរើសច្បាប់ដែលត្រូវរក្សាទុក</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Field</source>
        <translation>ព័ត៌មាន</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This laptop</source>
        <translation>កុំព្យូទ័រនេះ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Headquarters</source>
        <translation>ទីស្នាក់ការកណ្តាល</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Keep this laptop&apos;s</source>
        <translation>រក្សាច្បាប់នៅកុំព្យូទ័រនេះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep headquarters&apos;</source>
        <translation>រក្សាច្បាប់នៅទីស្នាក់ការកណ្តាល</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Differences are in bold.</source>
        <translation>ចំណុចខុសគ្នាបង្ហាញជាអក្សរដិត។</translation>
    </message>
</context>
<context>
    <name>DeclineDialog</name>
    <message>
        <location filename="../../app/ui/inbox_view.py" line="+57"/>
        <source>Turn down {ref}</source>
        <translation>បដិសេធ {ref}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Why is {who} ({ref}) turned down? Headquarters keeps the reason.</source>
        <translation>ហេតុអ្វីបានជាបដិសេធ {who} ({ref})? ទីស្នាក់ការកណ្តាលនឹងរក្សាទុកមូលហេតុនេះ។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. the number is not in service; called three times</source>
        <translation>ឧ. លេខទូរស័ព្ទនេះលែងប្រើ បានទូរស័ព្ទបីដងហើយ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Turn down</source>
        <translation>បដិសេធ</translation>
    </message>
</context>
<context>
    <name>Duplicates</name>
    <message>
        <location filename="../../app/messages.py" line="+123"/>
        <source>A record cannot be a duplicate of itself</source>
        <translation>កំណត់ត្រាមួយមិនអាចស្ទួននឹងខ្លួនឯងបានទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headquarters has no registration {id}</source>
        <translation>ទីស្នាក់ការកណ្តាលគ្មានការចុះឈ្មោះ {id} ទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This pair was already decided ({status}) by {by} at {at}</source>
        <translation>គូនេះត្រូវបានសម្រេចរួចហើយ ({status}) ដោយ {by} នៅ {at}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{registration_no} is already marked a duplicate of {of}; decide against {of} instead</source>
        <translation>{registration_no} ត្រូវបានកត់ថាស្ទួននឹង {of} រួចហើយ; សូមសម្រេចធៀបនឹង {of} វិញ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The record to keep must be one of the two</source>
        <translation>កំណត់ត្រាដែលត្រូវរក្សាទុក ត្រូវតែជាកំណត់ត្រាមួយក្នុងចំណោមកំណត់ត្រាទាំងពីរ</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>not decided yet</source>
        <translation>មិនទាន់សម្រេច</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same person</source>
        <translation>បុគ្គលតែមួយ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>different people</source>
        <translation>បុគ្គលផ្សេងគ្នា</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Duplicate of {registration_no}</source>
        <translation>ស្ទួននឹង {registration_no}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Same person: {duplicate} is now a duplicate of {survivor}; its desk learns it at its next sync</source>
        <translation>បុគ្គលតែមួយ៖ {duplicate} ឥឡូវស្ទួននឹង {survivor}; កុំព្យូទ័ររបស់វានឹងដឹងនៅពេលធ្វើសមកាលកម្មលើកក្រោយ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Different people: {a} and {b} will not be paired again</source>
        <translation>បុគ្គលផ្សេងគ្នា៖ {a} និង {b} នឹងមិនត្រូវបានផ្គូផ្គងជាគូម្តងទៀតទេ</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <location filename="../../app/ui/duplicates_dialog.py" line="+210"/>
        <source>{date} (age {age})</source>
        <translation>{date} (អាយុ {age} ឆ្នាំ)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>age {age} in {year}</source>
        <translation>អាយុ {age} ឆ្នាំ នៅឆ្នាំ {year}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Male</source>
        <translation>ប្រុស</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Female</source>
        <translation>ស្រី</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Same phone number</source>
        <translation>លេខទូរស័ព្ទដូចគ្នា</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same national ID</source>
        <translation>លេខអត្តសញ្ញាណប័ណ្ណដូចគ្នា</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Similar name, same commune, sex and age</source>
        <translation>ឈ្មោះស្រដៀងគ្នា ឃុំ ភេទ និងអាយុដូចគ្នា</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New entry</source>
        <translation>ការបញ្ចូលថ្មី</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Possible duplicate</source>
        <translation>អាចជាការចុះឈ្មោះស្ទួន</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This person may already be registered. Compare the new entry (first row) with the saved records below; highlighted cells are what matched.</source>
        <translation>បុគ្គលនេះប្រហែលជាបានចុះឈ្មោះរួចហើយ។ សូមប្រៀបធៀបការបញ្ចូលថ្មី (ជួរទីមួយ) ជាមួយកំណត់ត្រាដែលបានរក្សាទុកខាងក្រោម។ ក្រឡាដែលមានពណ៌បន្លិច គឺជាចំណុចដែលដូចគ្នា។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Registration no.</source>
        <translation>លេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why it matched</source>
        <translation>មូលហេតុដែលដូចគ្នា</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name in Khmer</source>
        <translation>ឈ្មោះជាអក្សរខ្មែរ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name in Latin letters</source>
        <translation>ឈ្មោះជាអក្សរឡាតាំង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sex</source>
        <translation>ភេទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Born</source>
        <translation>កើត</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>ទូរស័ព្ទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>National ID</source>
        <translation>អត្តសញ្ញាណប័ណ្ណ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home village</source>
        <translation>ភូមិទីលំនៅ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered on</source>
        <translation>ថ្ងៃចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason for saving anyway (required to save; e.g. relatives share a phone)</source>
        <translation>មូលហេតុដែលនៅតែរក្សាទុក (ត្រូវតែបំពេញទើបអាចរក្សាទុកបាន ឧ. សាច់ញាតិប្រើទូរស័ព្ទរួមគ្នា)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why is this a different person?</source>
        <translation>ហេតុអ្វីបានជានេះជាបុគ្គលផ្សេង?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open existing</source>
        <translation>បើកកំណត់ត្រាដែលមានស្រាប់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the highlighted saved record instead</source>
        <translation>បើកកំណត់ត្រាដែលបានជ្រើសរើស ជំនួសឱ្យការបញ្ចូលថ្មី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save anyway</source>
        <translation>នៅតែរក្សាទុក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>បោះបង់</translation>
    </message>
</context>
<context>
    <name>EmployersView</name>
    <message>
        <location filename="../../app/ui/employers_view.py" line="+484"/>
        <source>Employer</source>
        <translation>និយោជក</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Job title</source>
        <translation>មុខតំណែង</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Province</source>
        <translation>ខេត្ត</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needed</source>
        <translation>ចំនួនត្រូវការ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hired</source>
        <translation>បានជួល</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>ស្ថានភាព</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New request</source>
        <translation>សំណើថ្មី</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Edit request</source>
        <translation>កែសំណើ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>View request</source>
        <translation>មើលសំណើ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Closed</source>
        <translation>បានបិទ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filled</source>
        <translation>គ្រប់ចំនួនហើយ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>កំពុងបើក</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Discard changes?</source>
        <translation>បោះចោលការកែប្រែឬ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your changes to this request are not saved. Discard them?</source>
        <translation>ការកែប្រែលើសំណើនេះមិនទាន់បានរក្សាទុកទេ។ បោះចោលការកែប្រែនោះឬ?</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../app/ui/training_view.py" line="+274"/>
        <source>Enrol in training</source>
        <translation>ចុះឈ្មោះចូលរៀនវគ្គបណ្តុះបណ្តាល</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name, phone or registration number</source>
        <translation>ឈ្មោះ លេខទូរស័ព្ទ ឬលេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enrol</source>
        <translation>ចុះឈ្មោះចូលរៀន</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Find the returnee first, then choose them.</source>
        <translation>សូមស្វែងរកបុគ្គលនោះជាមុនសិន រួចជ្រើសរើសពីបញ្ជី។</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Only the laptop that registered this person can enrol them.</source>
        <translation>មានតែកុំព្យូទ័រដែលបានចុះឈ្មោះបុគ្គលនេះប៉ុណ្ណោះ ដែលអាចចុះឈ្មោះបុគ្គលនេះចូលរៀនបាន។</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/transfer_dialogs.py" line="+403"/>
        <location line="+38"/>
        <source>Export registrations</source>
        <translation>នាំចេញការចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Registrations (*{suffix})</source>
        <translation>ការចុះឈ្មោះ (*{suffix})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Exporting…</source>
        <translation>កំពុងនាំចេញ…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Exported {count} records to {file}</source>
        <translation>បាននាំចេញកំណត់ត្រា {count} ទៅ {file}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not export: {reason}</source>
        <translation>មិនអាចនាំចេញបានទេ៖ {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export cancelled. No file was written.</source>
        <translation>បានបោះបង់ការនាំចេញ។ គ្មានឯកសារត្រូវបានសរសេរទេ។</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export every registration to a file</source>
        <translation>នាំចេញការចុះឈ្មោះទាំងអស់ទៅជាឯកសារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format</source>
        <translation>ទម្រង់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON Lines (.jsonl)</source>
        <translation>ឯកសារ JSON Lines (.jsonl)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV for spreadsheets (.csv)</source>
        <translation>CSV សម្រាប់កម្មវិធីតារាង (.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export…</source>
        <translation>នាំចេញ…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Withdrawn records are included. In CSV, text a spreadsheet would run as a formula is written behind an apostrophe, which import takes off again.</source>
        <translation>កំណត់ត្រាដែលបានដកឈ្មោះចេញក៏រួមបញ្ចូលដែរ។ ក្នុង CSV អត្ថបទដែលកម្មវិធីតារាងអាចដំណើរការជារូបមន្ត ត្រូវសរសេរដោយមានសញ្ញា &apos; នៅខាងមុខ ហើយការនាំចូលនឹងដកវាចេញវិញ។</translation>
    </message>
</context>
<context>
    <name>FieldError</name>
    <message>
        <location filename="../../app/messages.py" line="-508"/>
        <source>Registration number</source>
        <translation>លេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name in Khmer</source>
        <translation>ឈ្មោះជាអក្សរខ្មែរ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name in Latin letters</source>
        <translation>ឈ្មោះជាអក្សរឡាតាំង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sex</source>
        <translation>ភេទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth</source>
        <translation>ថ្ងៃខែឆ្នាំកំណើត</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation>អាយុ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>លេខទូរស័ព្ទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>National ID</source>
        <translation>លេខអត្តសញ្ញាណប័ណ្ណ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home village</source>
        <translation>ភូមិទីលំនៅ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred provinces</source>
        <translation>ខេត្តដែលចង់ធ្វើការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sectors</source>
        <translation>វិស័យការងារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected salary (USD a month)</source>
        <translation>ប្រាក់ខែរំពឹងទុក (ដុល្លារ ក្នុងមួយខែ)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Returned from</source>
        <translation>ត្រឡប់មកពី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return date</source>
        <translation>ថ្ងៃត្រឡប់មកវិញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous job</source>
        <translation>ការងារពីមុន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skills</source>
        <translation>ជំនាញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training wanted</source>
        <translation>វគ្គបណ្តុះបណ្តាលដែលចង់ចូលរៀន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrolled in training</source>
        <translation>បានចុះឈ្មោះចូលរៀនវគ្គបណ្តុះបណ្តាល</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered through</source>
        <translation>ចុះឈ្មោះតាមរយៈ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consent</source>
        <translation>ការយល់ព្រម</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>កំណត់សម្គាល់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for saving a likely duplicate</source>
        <translation>មូលហេតុរក្សាទុកកំណត់ត្រាដែលអាចស្ទួន</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason for withdrawing</source>
        <translation>មូលហេតុនៃការដកឈ្មោះចេញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for turning down</source>
        <translation>មូលហេតុនៃការបដិសេធ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record</source>
        <translation>កំណត់ត្រា</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line</source>
        <translation>ជួរ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Employer</source>
        <translation>និយោជក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact person</source>
        <translation>អ្នកទំនាក់ទំនង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact phone</source>
        <translation>ទូរស័ព្ទទំនាក់ទំនង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workplace province</source>
        <translation>ខេត្តកន្លែងធ្វើការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workplace district</source>
        <translation>ស្រុកកន្លែងធ្វើការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sector</source>
        <translation>វិស័យ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>មុខតំណែង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workers needed</source>
        <translation>ចំនួនពលករត្រូវការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender wanted</source>
        <translation>ភេទដែលត្រូវការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly salary offered (USD)</source>
        <translation>ប្រាក់ខែផ្តល់ជូន (ដុល្លារ ក្នុងមួយខែ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start date</source>
        <translation>ថ្ងៃចាប់ផ្តើមធ្វើការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accommodation provided</source>
        <translation>មានកន្លែងស្នាក់នៅ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transport provided</source>
        <translation>មានមធ្យោបាយធ្វើដំណើរ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>ស្ថានភាព</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>កាលបរិច្ឆេទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returnee</source>
        <translation>ពលករវិលត្រឡប់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer request</source>
        <translation>សំណើរបស់និយោជក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>កំណែ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Officer</source>
        <translation>មន្ត្រី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time created</source>
        <translation>ពេលបង្កើត</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time changed</source>
        <translation>ពេលកែប្រែ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose male or female</source>
        <translation>សូមជ្រើសរើសប្រុស ឬស្រី</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+71"/>
        <source>Choose the home village from the lists</source>
        <translation>សូមជ្រើសរើសភូមិទីលំនៅពីបញ្ជី</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Choose how the person was registered</source>
        <translation>សូមជ្រើសរើសមធ្យោបាយដែលបុគ្គលនេះបានចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Give a reason</source>
        <translation>សូមផ្តល់មូលហេតុ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Required</source>
        <translation>ត្រូវតែបំពេញ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose at least one sector</source>
        <translation>សូមជ្រើសរើសវិស័យការងារយ៉ាងហោចណាស់មួយ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose at least one preferred province</source>
        <translation>សូមជ្រើសរើសខេត្តដែលចង់ធ្វើការយ៉ាងហោចណាស់មួយ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose at least one</source>
        <translation>សូមជ្រើសរើសយ៉ាងហោចណាស់មួយ</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter the name in Khmer or in Latin letters</source>
        <translation>សូមបញ្ចូលឈ្មោះជាអក្សរខ្មែរ ឬអក្សរឡាតាំង</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At most {max} characters (now {length})</source>
        <translation>យ៉ាងច្រើន {max} តួអក្សរ (ឥឡូវមាន {length})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use Khmer letters only</source>
        <translation>សូមប្រើតែអក្សរខ្មែរប៉ុណ្ណោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use Latin letters only (A to Z)</source>
        <translation>សូមប្រើតែអក្សរឡាតាំងប៉ុណ្ណោះ (A ដល់ Z)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose one of the options</source>
        <translation>សូមជ្រើសរើសជម្រើសណាមួយ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter a date as YYYY-MM-DD or DD/MM/YYYY, e.g. 1990-04-25</source>
        <translation>សូមបញ្ចូលកាលបរិច្ឆេទជា ឆ្នាំ-ខែ-ថ្ងៃ ឬ ថ្ងៃ/ខែ/ឆ្នាំ ឧ. 1990-04-25 ឬ 25/04/1990</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The date cannot be in the future</source>
        <translation>កាលបរិច្ឆេទមិនអាចនៅថ្ងៃអនាគតបានទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter a whole number</source>
        <translation>សូមបញ្ចូលចំនួនគត់</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the date of birth or the age</source>
        <translation>សូមបញ្ចូលថ្ងៃខែឆ្នាំកំណើត ឬអាយុ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Age from this date of birth must be between {min} and {max}</source>
        <translation>អាយុតាមថ្ងៃខែឆ្នាំកំណើតនេះ ត្រូវនៅចន្លោះពី {min} ដល់ {max} ឆ្នាំ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Age must be between {min} and {max}</source>
        <translation>អាយុត្រូវនៅចន្លោះពី {min} ដល់ {max} ឆ្នាំ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Does not match the date of birth (age {age})</source>
        <translation>មិនត្រូវគ្នានឹងថ្ងៃខែឆ្នាំកំណើតទេ (អាយុ {age} ឆ្នាំ)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a Cambodian phone number, e.g. 012 345 678</source>
        <translation>សូមបញ្ចូលលេខទូរស័ព្ទនៅកម្ពុជា ឧ. 012 345 678</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A national ID has 9 digits</source>
        <translation>លេខអត្តសញ្ញាណប័ណ្ណមាន 9 ខ្ទង់</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unknown choice: {codes}</source>
        <translation>ជម្រើសមិនស្គាល់៖ {codes}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose from the list</source>
        <translation>សូមជ្រើសរើសពីបញ្ជី</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Must be between {min} and {max}</source>
        <translation>ត្រូវនៅចន្លោះពី {min} ដល់ {max}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a country from the list</source>
        <translation>សូមជ្រើសរើសប្រទេសពីបញ្ជី</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contains characters that cannot be saved; retype the text</source>
        <translation>មានតួអក្សរដែលមិនអាចរក្សាទុកបាន សូមវាយអត្ថបទឡើងវិញ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tick or untick the box</source>
        <translation>សូមធីក ឬដកធីកប្រអប់</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The person must agree before they can be registered</source>
        <translation>បុគ្គលនេះត្រូវយល់ព្រមជាមុនសិន ទើបអាចចុះឈ្មោះបាន</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+43"/>
        <source>This line is not a readable record</source>
        <translation>ជួរនេះមិនមែនជាកំណត់ត្រាដែលអាចអានបានទេ</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>line {line}</source>
        <translation>ជួរទី {line}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Likely a duplicate of {of} ({reasons})</source>
        <translation>ទំនងជាស្ទួននឹង {of} ({reasons})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The date is too far ahead</source>
        <translation>កាលបរិច្ឆេទនេះឆ្ងាយពេកទៅថ្ងៃខាងមុខ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A referral that is hired or declined cannot change again</source>
        <translation>ការបញ្ជូនដែលបានជួល ឬបានបដិសេធហើយ មិនអាចប្តូរម្តងទៀតបានទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A referral cannot go back to an earlier step</source>
        <translation>ការបញ្ជូនមិនអាចត្រឡប់ទៅជំហានមុនវិញបានទេ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not a valid record id; choose the record from the list again</source>
        <translation>លេខសម្គាល់កំណត់ត្រាមិនត្រឹមត្រូវ សូមជ្រើសកំណត់ត្រាពីបញ្ជីម្តងទៀត</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Someone else changed this record since you opened it; open it again and redo the change</source>
        <translation>មានអ្នកផ្សេងបានកែកំណត់ត្រានេះ ក្រោយពេលអ្នកបើកវា សូមបើកវាម្តងទៀត ហើយធ្វើការកែប្រែឡើងវិញ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Headquarters already holds another change under version {version}; open the record again and redo the change</source>
        <translation>ទីស្នាក់ការកណ្តាលមានការកែប្រែផ្សេងទៀតរួចហើយនៅកំណែទី {version} សូមបើកកំណត់ត្រាម្តងទៀត ហើយធ្វើការកែប្រែឡើងវិញ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This training session is not in the course catalogue</source>
        <translation>វគ្គនេះមិនមាននៅក្នុងបញ្ជីវគ្គបណ្តុះបណ្តាលទេ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Already enrolled in this training session</source>
        <translation>បានចុះឈ្មោះចូលរៀនវគ្គនេះរួចហើយ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All {seats} seats of this session are taken</source>
        <translation>កន្លែងទាំង {seats} នៃវគ្គនេះពេញអស់ហើយ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Headquarters could not store this at the moment; send it again</source>
        <translation>ទីស្នាក់ការកណ្តាលមិនអាចរក្សាទុកវានៅពេលនេះបានទេ សូមផ្ញើវាម្តងទៀត</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This line is not a record: it must be one JSON object {...}</source>
        <translation>បន្ទាត់នេះមិនមែនជាកំណត់ត្រាទេ៖ វាត្រូវតែជា JSON object មួយ {...}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This line is nested too deeply to be a record</source>
        <translation>បន្ទាត់នេះមានកម្រិតជាន់គ្នាច្រើនពេក មិនអាចជាកំណត់ត្រាបានទេ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This line has a number too long to be a real value</source>
        <translation>បន្ទាត់នេះមានលេខវែងពេក មិនអាចជាតម្លៃពិតបានទេ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This line is longer than {max} characters; no record is that long</source>
        <translation>បន្ទាត់នេះវែងជាង {max} តួអក្សរ; គ្មានកំណត់ត្រាណាវែងដល់ថ្នាក់នេះទេ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This row has {count} cells but the header names {columns} columns</source>
        <translation>ជួរនេះមាន {count} ក្រឡា ប៉ុន្តែបន្ទាត់ក្បាលមានឈ្មោះជួរឈរតែ {columns}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not a field of a registration; check its spelling in docs/import.md</source>
        <translation>មិនមែនជាព័ត៌មាននៃការចុះឈ្មោះទេ; សូមពិនិត្យអក្ខរាវិរុទ្ធរបស់វាក្នុង docs/import.md</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not accepted ({rule})</source>
        <translation>មិនត្រូវបានទទួលយក ({rule})</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>same phone</source>
        <translation>ទូរស័ព្ទដូចគ្នា</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same national ID</source>
        <translation>អត្តសញ្ញាណប័ណ្ណដូចគ្នា</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>similar name, same sex, birth year and commune</source>
        <translation>ឈ្មោះស្រដៀងគ្នា ភេទ ឆ្នាំកំណើត និងឃុំដូចគ្នា</translation>
    </message>
</context>
<context>
    <name>FileProblem</name>
    <message>
        <location line="+141"/>
        <location line="+1"/>
        <source>UTF-16 (Unicode text)</source>
        <translation>UTF-16 (អត្ថបទ Unicode)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Latin-1 or Windows-1252 (an older spreadsheet format)</source>
        <translation>Latin-1 ឬ Windows-1252 (ទម្រង់តារាងចាស់)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save it as UTF-8: in LibreOffice Calc choose File, Save As, Text CSV, then Character set: Unicode (UTF-8); in Excel choose File, Save As, CSV UTF-8 (Comma delimited).</source>
        <translation>សូមរក្សាទុកវាជា UTF-8៖ ក្នុង LibreOffice Calc សូមជ្រើស File, Save As, Text CSV រួច Character set: Unicode (UTF-8); ក្នុង Excel សូមជ្រើស File, Save As, CSV UTF-8 (Comma delimited)។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file is empty.</source>
        <translation>ឯកសារនេះទទេ។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file has a header line but no rows.</source>
        <translation>ឯកសារនេះមានបន្ទាត់ក្បាល ប៉ុន្តែគ្មានជួរទិន្នន័យទេ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is not UTF-8 text: it looks like {encoding}.</source>
        <translation>ឯកសារនេះមិនមែនជាអត្ថបទ UTF-8 ទេ៖ វាមើលទៅដូចជា {encoding}។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This is not a text file (it looks like a binary file, such as a spreadsheet&apos;s own .xlsx or .ods format).</source>
        <translation>នេះមិនមែនជាឯកសារអត្ថបទទេ (វាមើលទៅដូចជាឯកសារគោលពីរ ដូចជាទម្រង់ .xlsx ឬ .ods ផ្ទាល់របស់កម្មវិធីតារាង)។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The line has a NUL byte, which no text file has: the file is damaged or not UTF-8.</source>
        <translation>បន្ទាត់នេះមាន NUL byte ដែលគ្មានឯកសារអត្ថបទណាមានទេ៖ ឯកសារនេះខូច ឬមិនមែនជា UTF-8។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A cell is longer than {max} characters (a quote mark may be missing its partner).</source>
        <translation>ក្រឡាមួយវែងជាង {max} តួអក្សរ (សញ្ញាសម្រង់មួយប្រហែលជាខ្វះគូរបស់វា)។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not readable as CSV ({detail}).</source>
        <translation>មិនអាចអានជា CSV បានទេ ({detail})។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A column in the header line has no name.</source>
        <translation>ជួរឈរមួយក្នុងបន្ទាត់ក្បាលគ្មានឈ្មោះ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The column {column} appears twice in the header line.</source>
        <translation>ជួរឈរ {column} មានពីរដងក្នុងបន្ទាត់ក្បាល។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{column} is not a column an import knows; docs/import.md lists the columns.</source>
        <translation>{column} មិនមែនជាជួរឈរដែលការនាំចូលស្គាល់ទេ; docs/import.md រាយឈ្មោះជួរឈរទាំងអស់។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The columns are separated by {separator}, but a CSV file must separate them with commas (,). Save it again as CSV with a comma as the field separator.</source>
        <translation>ជួរឈរត្រូវបានបំបែកដោយ {separator} ប៉ុន្តែឯកសារ CSV ត្រូវបំបែកវាដោយក្បៀស (,)។ សូមរក្សាទុកវាម្តងទៀតជា CSV ដោយប្រើក្បៀសជាសញ្ញាបំបែក។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unsupported file type {suffix}: use .jsonl or .csv.</source>
        <translation>មិនគាំទ្រប្រភេទឯកសារ {suffix} ទេ៖ សូមប្រើ .jsonl ឬ .csv។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file cannot be opened ({detail}).</source>
        <translation>មិនអាចបើកឯកសារនេះបានទេ ({detail})។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file is not valid JSON.</source>
        <translation>ឯកសារនេះមិនមែនជា JSON ត្រឹមត្រូវទេ។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The JSON is nested too deeply.</source>
        <translation>JSON នេះមានកម្រិតជាន់គ្នាច្រើនពេក។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file has a number too long to be a real value.</source>
        <translation>ឯកសារនេះមានលេខវែងពេក មិនអាចជាតម្លៃពិតបានទេ។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file cannot be read ({rule}).</source>
        <translation>មិនអាចអានឯកសារនេះបានទេ ({rule})។</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../app/ui/guide_dialog.py" line="+43"/>
        <source>Guide to the day&apos;s work</source>
        <translation>មគ្គុទ្ទេសក៍ការងារប្រចាំថ្ងៃ</translation>
    </message>
</context>
<context>
    <name>HeadquartersTab</name>
    <message>
        <location filename="../../app/ui/sync_settings.py" line="+41"/>
        <source>Enrol this laptop</source>
        <translation>ចុះបញ្ជីកុំព្យូទ័រនេះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync now</source>
        <translation>ធ្វើសមកាលកម្មឥឡូវនេះ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Headquarters address</source>
        <translation>អាសយដ្ឋានទីស្នាក់ការកណ្តាល</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrolment code</source>
        <translation>កូដចុះបញ្ជី</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This laptop sends to {url} as device {tag}.</source>
        <translation>កុំព្យូទ័រនេះផ្ញើទិន្នន័យទៅ {url} ជាឧបករណ៍ {tag}។</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This laptop is not enrolled yet. Ask headquarters for an enrolment code for district {office}.</source>
        <translation>កុំព្យូទ័រនេះមិនទាន់បានចុះបញ្ជីនៅឡើយទេ។ សូមស្នើសុំកូដចុះបញ្ជីសម្រាប់ស្រុក {office} ពីទីស្នាក់ការកណ្តាល។</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Enter the enrolment code from headquarters.</source>
        <translation>សូមបញ្ចូលកូដចុះបញ្ជីដែលទទួលបានពីទីស្នាក់ការកណ្តាល។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enrolling…</source>
        <translation>កំពុងចុះបញ្ជី…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Enrolled. New registration numbers use device tag {tag}.</source>
        <translation>បានចុះបញ្ជីរួចរាល់។ លេខចុះឈ្មោះថ្មីៗនឹងប្រើកូដឧបករណ៍ {tag}។</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <location filename="../../app/ui/home_view.py" line="+143"/>
        <source>Today, {date}</source>
        <translation>ថ្ងៃនេះ {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Registered today</source>
        <translation>បានចុះឈ្មោះថ្ងៃនេះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawn registrations are not counted</source>
        <translation>មិនរាប់ការចុះឈ្មោះដែលបានដកឈ្មោះចេញទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Registered this week</source>
        <translation>បានចុះឈ្មោះសប្តាហ៍នេះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Since Monday</source>
        <translation>ចាប់ពីថ្ងៃច័ន្ទ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting to send</source>
        <translation>រង់ចាំផ្ញើ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registrations not yet at headquarters</source>
        <translation>ការចុះឈ្មោះដែលមិនទាន់ដល់ទីស្នាក់ការកណ្តាល</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything is at headquarters</source>
        <translation>ទាំងអស់បានដល់ទីស្នាក់ការកណ្តាលហើយ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refusals to fix</source>
        <translation>ការបដិសេធដែលត្រូវកែតម្រូវ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headquarters refused or disputes these records</source>
        <translation>ទីស្នាក់ការកណ្តាលបានបដិសេធ ឬមានច្បាប់ផ្សេងនៃកំណត់ត្រាទាំងនេះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to fix</source>
        <translation>គ្មានអ្វីត្រូវកែតម្រូវទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open employer requests</source>
        <translation>សំណើរបស់និយោជកដែលនៅបើក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} workers still wanted</source>
        <translation>នៅត្រូវការពលករ {n} នាក់ទៀត</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No open request</source>
        <translation>គ្មានសំណើដែលនៅបើកទេ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>QR inbox</source>
        <translation>ប្រអប់ទទួល QR</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submissions from returnees and employers to take</source>
        <translation>ការស្នើសុំពីពលករវិលត្រឡប់ និងនិយោជក ដែលរង់ចាំទទួលយក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No submission waiting</source>
        <translation>គ្មានការស្នើសុំរង់ចាំទេ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click to send to headquarters now (F5)</source>
        <translation>ចុចដើម្បីផ្ញើទៅទីស្នាក់ការកណ្តាលឥឡូវនេះ (F5)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <location line="+4"/>
        <source>Last sync</source>
        <translation>ការធ្វើសមកាលកម្មចុងក្រោយ</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Not set up</source>
        <translation>មិនទាន់រៀបចំ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrol this laptop in Settings to send registrations</source>
        <translation>សូមចុះបញ្ជីកុំព្យូទ័រនេះនៅក្នុងការកំណត់ ដើម្បីផ្ញើការចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings (Ctrl+,)</source>
        <translation>ការកំណត់ (Ctrl+,)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Never</source>
        <translation>មិនដែល</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It worked</source>
        <translation>បានសម្រេច</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Failed at {when}: {why}</source>
        <translation>បរាជ័យនៅ {when}៖ {why}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No session is nearly full</source>
        <translation>គ្មានវគ្គណាជិតពេញទេ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{course}: {n} seats left</source>
        <translation>{course}៖ នៅសល់កៅអី {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training sessions filling up</source>
        <translation>វគ្គបណ្តុះបណ្តាលដែលជិតពេញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sessions with three quarters of their seats taken</source>
        <translation>វគ្គដែលកៅអីបីភាគបួនមានអ្នកចុះឈ្មោះហើយ</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Registrations per day, {first} to {last}</source>
        <translation>ការចុះឈ្មោះប្រចាំថ្ងៃ ពី {first} ដល់ {last}</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>No registration in these days</source>
        <translation>គ្មានការចុះឈ្មោះក្នុងថ្ងៃទាំងនេះទេ</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Sectors wanted, last {n} days</source>
        <translation>វិស័យការងារដែលចង់បាន {n} ថ្ងៃចុងក្រោយ</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+9"/>
        <source>New registration</source>
        <translation>ការចុះឈ្មោះថ្មី</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../app/ui/transfer_dialogs.py" line="-222"/>
        <location line="+96"/>
        <source>Import registrations</source>
        <translation>នាំចូលការចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Registrations (*.csv *.jsonl)</source>
        <translation>ការចុះឈ្មោះ (*.csv *.jsonl)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Checking the file…</source>
        <translation>កំពុងពិនិត្យឯកសារ…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Checking stopped. Nothing was saved.</source>
        <translation>បានឈប់ពិនិត្យ។ មិនបានរក្សាទុកអ្វីទាំងអស់។</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing was saved.</source>
        <translation>មិនបានរក្សាទុកអ្វីទាំងអស់។</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Saving…</source>
        <translation>កំពុងរក្សាទុក…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saved {saved} registrations; {failed} lines not saved.</source>
        <translation>បានរក្សាទុកការចុះឈ្មោះ {saved}; ជួរ {failed} មិនបានរក្សាទុក។</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import cancelled. Nothing was saved.</source>
        <translation>បានបោះបង់ការនាំចូល។ មិនបានរក្សាទុកអ្វីទាំងអស់។</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Import registrations from a CSV or JSON Lines file</source>
        <translation>នាំចូលការចុះឈ្មោះពីឯកសារ CSV ឬ JSON Lines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a file…</source>
        <translation>ជ្រើសរើសឯកសារ…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No file chosen</source>
        <translation>មិនទាន់ជ្រើសរើសឯកសារ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save likely duplicates too (each keeps a note of the record it resembles)</source>
        <translation>រក្សាទុកកំណត់ត្រាដែលទំនងជាស្ទួនផងដែរ (នីមួយៗមានកំណត់សម្គាល់អំពីកំណត់ត្រាដែលវាស្រដៀង)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first rows of the file</source>
        <translation>ជួរដំបូងៗនៃឯកសារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems (these lines will not be saved)</source>
        <translation>បញ្ហា (ជួរទាំងនេះនឹងមិនត្រូវបានរក្សាទុកទេ)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Line</source>
        <translation>ជួរ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Field</source>
        <translation>ព័ត៌មាន</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>បញ្ហា</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save</source>
        <translation>រក្សាទុក</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{good} rows can be saved. {bad} lines have problems and will not be saved.</source>
        <translation>អាចរក្សាទុកបាន {good} ជួរ។ មាន {bad} ជួរដែលមានបញ្ហា ហើយនឹងមិនត្រូវបានរក្សាទុកទេ។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save {good} registrations</source>
        <translation>រក្សាទុកការចុះឈ្មោះ {good}</translation>
    </message>
</context>
<context>
    <name>Inbox</name>
    <message>
        <location filename="../../app/services/inbox.py" line="+243"/>
        <source>{ref} is not a reference code (they look like Q7KQ2-MXA4)</source>
        <translation>{ref} មិនមែនជាលេខយោងទេ (លេខយោងមានរាងដូច Q7KQ2-MXA4)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no submission {ref} for this desk (sync, then check the code)</source>
        <translation>គ្មានពាក្យស្នើ {ref} សម្រាប់កុំព្យូទ័រនេះទេ (សូមធ្វើសមកាលកម្ម រួចពិនិត្យលេខយោងម្តងទៀត)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already taken by another desk: district {district} (laptop {tag})</source>
        <translation>កុំព្យូទ័រផ្សេងបានយករួចហើយ៖ ស្រុក {district} (កុំព្យូទ័រ {tag})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already taken by another desk</source>
        <translation>កុំព្យូទ័រផ្សេងបានយករួចហើយ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already turned down by district {district} (laptop {tag})</source>
        <translation>ត្រូវបានបដិសេធរួចហើយដោយស្រុក {district} (កុំព្យូទ័រ {tag})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already turned down by a desk</source>
        <translation>ត្រូវបានបដិសេធរួចហើយ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This desk has already turned it down</source>
        <translation>កុំព្យូទ័រនេះបានបដិសេធវារួចហើយ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This desk has taken it already: save the record instead of turning it down</source>
        <translation>កុំព្យូទ័រនេះបានយកវារួចហើយ៖ សូមរក្សាទុកកំណត់ត្រា ជំនួសឱ្យការបដិសេធ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{ref} was already accepted on this desk</source>
        <translation>{ref} ត្រូវបានទទួលយករួចហើយនៅលើកុំព្យូទ័រនេះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{ref} is not taken by this desk: accept it first</source>
        <translation>{ref} មិនទាន់ត្រូវបានយកដោយកុំព្យូទ័រនេះទេ៖ សូមទទួលយកវាជាមុនសិន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accepting or turning down needs a connection to headquarters: {why}</source>
        <translation>ការទទួលយក ឬការបដិសេធ ត្រូវការការតភ្ជាប់ទៅទីស្នាក់ការកណ្តាល៖ {why}</translation>
    </message>
</context>
<context>
    <name>InboxView</name>
    <message>
        <location filename="../../app/ui/inbox_view.py" line="-238"/>
        <source>QR submissions for this desk: {n}. Call the person, then accept (and correct what is wrong) or turn it down.</source>
        <translation>ពាក្យស្នើតាម QR សម្រាប់កុំព្យូទ័រនេះ៖ {n}។ សូមទូរស័ព្ទទៅបុគ្គលនោះ រួចទទួលយក (និងកែតម្រូវចំណុចដែលខុស) ឬបដិសេធ។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No QR submissions are waiting. New ones arrive with each sync.</source>
        <translation>គ្មានពាក្យស្នើតាម QR កំពុងរង់ចាំទេ។ ពាក្យស្នើថ្មីៗមកដល់រាល់ពេលធ្វើសមកាលកម្ម។</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Employer: {name} ({workers} workers)</source>
        <translation>និយោជក៖ {name} (កម្មករ {workers} នាក់)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Taken by this desk: save the record to finish</source>
        <translation>កុំព្យូទ័រនេះបានយកហើយ៖ សូមរក្សាទុកកំណត់ត្រាដើម្បីបញ្ចប់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>កំពុងរង់ចាំ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reference</source>
        <translation>លេខយោង</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>ឈ្មោះ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>ទូរស័ព្ទ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Village</source>
        <translation>ភូមិ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>ស្ថានភាព</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent at</source>
        <translation>ពេលផ្ញើ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept…</source>
        <translation>ទទួលយក…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take it for this desk and open the form to check and save it</source>
        <translation>យកវាសម្រាប់កុំព្យូទ័រនេះ ហើយបើកទម្រង់ដើម្បីពិនិត្យ និងរក្សាទុក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turn down…</source>
        <translation>បដិសេធ…</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Asking headquarters about {ref}…</source>
        <translation>កំពុងសួរទីស្នាក់ការកណ្តាលអំពី {ref}…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Turned down {ref}.</source>
        <translation>បានបដិសេធ {ref}។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{ref} is now this desk&apos;s. Check the details with the person and save.</source>
        <translation>{ref} ឥឡូវជារបស់កុំព្យូទ័រនេះ។ សូមពិនិត្យព័ត៌មានជាមួយបុគ្គលនោះ រួចរក្សាទុក។</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved. Registration number {number}</source>
        <translation>បានរក្សាទុក។ លេខចុះឈ្មោះ {number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved the employer request.</source>
        <translation>បានរក្សាទុកសំណើរបស់និយោជក។</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <location filename="../../app/messages.py" line="-151"/>
        <source>The keys file in {folder} is damaged, so the desk&apos;s records cannot be opened (they are still there). A supervisor can make it again with the desk&apos;s recovery key: run `jobcentre recover --officer NAME`.</source>
        <translation>ឯកសារកូនសោក្នុង {folder} ខូច ដូច្នេះមិនអាចបើកកំណត់ត្រារបស់កុំព្យូទ័រនេះបានទេ (វានៅតែមាន)។ អ្នកគ្រប់គ្រងអាចបង្កើតវាឡើងវិញដោយប្រើកូនសោសង្គ្រោះរបស់កុំព្យូទ័រនេះ៖ សូមដំណើរការ `jobcentre recover --officer NAME`។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The keys file in {folder} is missing, so the desk&apos;s records cannot be opened (they are still there). A supervisor can make it again with the desk&apos;s recovery key: run `jobcentre recover --officer NAME`.</source>
        <translation>ឯកសារកូនសោក្នុង {folder} បាត់ ដូច្នេះមិនអាចបើកកំណត់ត្រារបស់កុំព្យូទ័រនេះបានទេ (វានៅតែមាន)។ អ្នកគ្រប់គ្រងអាចបង្កើតវាឡើងវិញដោយប្រើកូនសោសង្គ្រោះរបស់កុំព្យូទ័រនេះ៖ សូមដំណើរការ `jobcentre recover --officer NAME`។</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../app/ui/lock_screen.py" line="+174"/>
        <source>Locked — {name}</source>
        <translation>បានចាក់សោ — {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The window locked itself because nobody used it for a while. Type your password to go on where you were; what you typed is still there.</source>
        <translation>ផ្ទាំងនេះបានចាក់សោដោយខ្លួនឯង ព្រោះគ្មាននរណាប្រើវាមួយរយៈ។ សូមវាយពាក្យសម្ងាត់របស់អ្នក ដើម្បីបន្តពីកន្លែងដែលអ្នកនៅ។ អ្វីដែលអ្នកបានវាយនៅតែមាន។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Password of {name}</source>
        <translation>ពាក្យសម្ងាត់របស់ {name}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Unlock</source>
        <translation>ដោះសោ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign out (another officer)</source>
        <translation>ចាកចេញពីគណនី (មន្ត្រីផ្សេងទៀត)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="+44"/>
        <source>Job Centre Desk</source>
        <translation>តុចុះឈ្មោះ មជ្ឈមណ្ឌលការងារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign in — {app}</source>
        <translation>ចូលប្រើ — {app}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Office: {office}</source>
        <translation>ការិយាល័យ៖ {office}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Officer</source>
        <translation>មន្ត្រី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>ពាក្យសម្ងាត់</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sign in</source>
        <translation>ចូលប្រើ</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="+285"/>
        <source>Sign out without saving?</source>
        <translation>ចាកចេញពីគណនីដោយមិនរក្សាទុកឬ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What was typed for this person is not saved. Sign out anyway?</source>
        <translation>ព័ត៌មានដែលបានវាយសម្រាប់បុគ្គលនេះ មិនទាន់បានរក្សាទុកទេ។ នៅតែចាកចេញពីគណនីឬ?</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>To fix</source>
        <translation>ត្រូវកែតម្រូវ</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Inbox</source>
        <translation>ប្រអប់ទទួល</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Quit without saving?</source>
        <translation>ចាកចេញដោយមិនរក្សាទុកឬ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What you typed for this person is not saved. Quit anyway?</source>
        <translation>ព័ត៌មានដែលអ្នកបានវាយសម្រាប់បុគ្គលនេះ មិនទាន់បានរក្សាទុកទេ។ នៅតែចាកចេញឬ?</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>Job Centre Desk</source>
        <translation>តុចុះឈ្មោះ មជ្ឈមណ្ឌលការងារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home</source>
        <translation>ទំព័រដើម</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Register</source>
        <translation>ចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registrations</source>
        <translation>បញ្ជីចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employers</source>
        <translation>និយោជក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>វគ្គបណ្តុះបណ្តាល</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Desk</source>
        <translation>តុចុះឈ្មោះ(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>ជំនួយ(&amp;H)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New registration</source>
        <translation>ចុះឈ្មោះថ្មី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find a registration</source>
        <translation>ស្វែងរកការចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registrations &amp;list</source>
        <translation>បញ្ជីចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Print slips…</source>
        <translation>បោះពុម្ពប័ណ្ណ…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print the slips of the selected registrations, or of the one just saved</source>
        <translation>បោះពុម្ពប័ណ្ណនៃការចុះឈ្មោះដែលបានជ្រើសរើស ឬនៃការចុះឈ្មោះដែលទើបរក្សាទុក</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save slips as P&amp;DF…</source>
        <translation>រក្សាទុកប័ណ្ណជា PDF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import registrations…</source>
        <translation>នាំចូលការចុះឈ្មោះ…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export registrations…</source>
        <translation>នាំចេញការចុះឈ្មោះ…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to headquarters &amp;now</source>
        <translation>ផ្ញើទៅទីស្នាក់ការកណ្តាលឥឡូវនេះ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Back up to…</source>
        <translation>បម្រុងទុកទៅ…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Restore from…</source>
        <translation>ស្ដារពី…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a supervisor can restore a backup</source>
        <translation>មានតែអ្នកគ្រប់គ្រងទេដែលអាចស្ដារពីច្បាប់ចម្លងបម្រុងទុកបាន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Audit trail…</source>
        <translation>កំណត់ហេតុសកម្មភាព…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Who searched, opened, printed, exported, edited or withdrew which record</source>
        <translation>អ្នកណាបានស្វែងរក បើកមើល បោះពុម្ព នាំចេញ កែប្រែ ឬដកឈ្មោះចេញ កំណត់ត្រាណាខ្លះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>ការកំណត់…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Guide to the day&apos;s work</source>
        <translation>មគ្គុទ្ទេសក៍ការងារប្រចាំថ្ងៃ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Home</source>
        <translation>ទំព័រដើម</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Job Centre Desk</source>
        <translation>អំពីតុចុះឈ្មោះ មជ្ឈមណ្ឌលការងារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lock the window</source>
        <translation>ចាក់សោផ្ទាំង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign &amp;out / switch officer</source>
        <translation>ចាកចេញពីគណនី / ប្តូរមន្ត្រី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>ចាកចេញ</translation>
    </message>
</context>
<context>
    <name>MatchesView</name>
    <message>
        <location filename="../../app/ui/matches_view.py" line="+139"/>
        <source>Age from</source>
        <translation>អាយុពី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>ដល់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training wanted</source>
        <translation>វគ្គបណ្តុះបណ្តាលដែលចង់ចូលរៀន</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+9"/>
        <source>Any</source>
        <translation>ទាំងអស់</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Home district</source>
        <translation>ស្រុកទីលំនៅ</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+3"/>
        <source>Registration number</source>
        <translation>លេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+3"/>
        <source>Name</source>
        <translation>ឈ្មោះ</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Age</source>
        <translation>អាយុ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score</source>
        <translation>ពិន្ទុ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>មូលហេតុ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phone</source>
        <translation>ទូរស័ព្ទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>ស្ថានភាព</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation>កាលបរិច្ឆេទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matching returnees, best first</source>
        <translation>ពលករវិលត្រឡប់ដែលត្រូវនឹងសំណើ (ល្អបំផុតមុន)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shortlist</source>
        <translation>បញ្ជីបញ្ជូន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shortlist selected</source>
        <translation>បញ្ជូនអ្នកដែលបានជ្រើស</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>Interviewed</source>
        <translation>បានសម្ភាសន៍</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+8"/>
        <source>Hired</source>
        <translation>បានជួល</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+7"/>
        <source>Declined</source>
        <translation>បដិសេធ</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+125"/>
        <source>Save list as PDF…</source>
        <translation>រក្សាទុកបញ្ជីជា PDF…</translation>
    </message>
    <message>
        <location line="-124"/>
        <location line="+138"/>
        <source>Export list as CSV…</source>
        <translation>នាំចេញបញ្ជីជា CSV…</translation>
    </message>
    <message>
        <location line="-137"/>
        <source>Close request</source>
        <translation>បិទសំណើ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Referred</source>
        <translation>បានបញ្ជូន</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Hired {hired} of {needed}</source>
        <translation>បានជួល {hired} នាក់ ក្នុងចំណោម {needed} នាក់</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Only the laptop that made this referral can change it.</source>
        <translation>មានតែកុំព្យូទ័រដែលបានបញ្ជូននេះប៉ុណ្ណោះ ដែលអាចកែប្រែវាបាន។</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Only the laptop that made this request can close it.</source>
        <translation>មានតែកុំព្យូទ័រដែលបានកត់ត្រាសំណើនេះប៉ុណ្ណោះ ដែលអាចបិទវាបាន។</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+14"/>
        <source>Saved {path}</source>
        <translation>បានរក្សាទុក {path}</translation>
    </message>
</context>
<context>
    <name>Matching</name>
    <message>
        <location filename="../../app/messages.py" line="+50"/>
        <source>wants to work in the province</source>
        <translation>ចង់ធ្វើការនៅខេត្តនេះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lives in the province</source>
        <translation>រស់នៅខេត្តនេះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wants this sector</source>
        <translation>ចង់ធ្វើការក្នុងវិស័យនេះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>previous job or skills fit the sector</source>
        <translation>ការងារពីមុន ឬជំនាញ ត្រូវនឹងវិស័យនេះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sex as asked</source>
        <translation>ភេទត្រូវតាមការស្នើ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expects no more than the offer</source>
        <translation>រំពឹងប្រាក់ខែមិនលើសពីប្រាក់ខែផ្តល់ជូន</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>expects a little more than the offer</source>
        <translation>រំពឹងប្រាក់ខែលើសពីប្រាក់ខែផ្តល់ជូនបន្តិច</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>expected salary not given</source>
        <translation>មិនបានបញ្ជាក់ប្រាក់ខែរំពឹងទុក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>registered in the last 90 days</source>
        <translation>បានចុះឈ្មោះក្នុងរយៈពេល 90 ថ្ងៃចុងក្រោយ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not referred yet</source>
        <translation>មិនទាន់បានបញ្ជូន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>already referred to another employer</source>
        <translation>បានបញ្ជូនទៅនិយោជកផ្សេងរួចហើយ</translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <location filename="../../app/i18n.py" line="+124"/>
        <source>&amp;OK</source>
        <translation>យល់ព្រម</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>បោះបង់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Close</source>
        <translation>បិទ</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <location line="+2"/>
        <source>&amp;Undo</source>
        <translation>មិនធ្វើវិញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>ធ្វើវិញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cu&amp;t</source>
        <translation>កាត់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy</source>
        <translation>ចម្លង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Paste</source>
        <translation>បិទភ្ជាប់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>លុប</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select All</source>
        <translation>ជ្រើសរើសទាំងអស់</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location line="-17"/>
        <source>OK</source>
        <translation>យល់ព្រម</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>បោះបង់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>បិទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discard</source>
        <translation>មិនរក្សាទុក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Yes</source>
        <translation>បាទ/ចាស</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;No</source>
        <translation>ទេ</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <location line="+13"/>
        <source>&amp;Undo</source>
        <translation>មិនធ្វើវិញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>ធ្វើវិញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cu&amp;t</source>
        <translation>កាត់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy</source>
        <translation>ចម្លង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Paste</source>
        <translation>បិទភ្ជាប់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>លុប</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select All</source>
        <translation>ជ្រើសរើសទាំងអស់</translation>
    </message>
</context>
<context>
    <name>QuarantineView</name>
    <message>
        <location filename="../../app/ui/quarantine_view.py" line="-232"/>
        <location line="+8"/>
        <location line="+75"/>
        <location line="+3"/>
        <source>Number</source>
        <translation>លេខ</translation>
    </message>
    <message>
        <location line="-86"/>
        <location line="+8"/>
        <location line="+75"/>
        <location line="+3"/>
        <source>Name</source>
        <translation>ឈ្មោះ</translation>
    </message>
    <message>
        <location line="-86"/>
        <location line="+83"/>
        <source>Why it was refused</source>
        <translation>មូលហេតុនៃការបដិសេធ</translation>
    </message>
    <message>
        <location line="-82"/>
        <location line="+83"/>
        <source>Refused at</source>
        <translation>ពេលបដិសេធ</translation>
    </message>
    <message>
        <location line="-82"/>
        <location line="+86"/>
        <source>Open to fix</source>
        <translation>បើកដើម្បីកែតម្រូវ</translation>
    </message>
    <message>
        <location line="-85"/>
        <location line="+86"/>
        <source>Send again</source>
        <translation>ផ្ញើម្តងទៀត</translation>
    </message>
    <message>
        <location line="-85"/>
        <location line="+86"/>
        <source>Give a new number and send</source>
        <translation>ផ្តល់លេខថ្មី ហើយផ្ញើ</translation>
    </message>
    <message>
        <location line="-81"/>
        <location line="+77"/>
        <source>This laptop</source>
        <translation>កុំព្យូទ័រនេះ</translation>
    </message>
    <message>
        <location line="-77"/>
        <location line="+78"/>
        <source>Headquarters</source>
        <translation>ទីស្នាក់ការកណ្តាល</translation>
    </message>
    <message>
        <location line="-76"/>
        <location line="+80"/>
        <source>Compare and choose…</source>
        <translation>ប្រៀបធៀប និងជ្រើសរើស…</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Refused by headquarters: {n}. Open each one, fix it, then send it again.</source>
        <translation>ទីស្នាក់ការកណ្តាលបានបដិសេធ៖ {n}។ សូមបើកម្តងមួយៗ កែតម្រូវ រួចផ្ញើម្តងទៀត។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headquarters has refused nothing.</source>
        <translation>ទីស្នាក់ការកណ្តាលមិនបានបដិសេធអ្វីទេ។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(changed since: send it again)</source>
        <translation>(បានកែប្រែរួចហើយ៖ សូមផ្ញើម្តងទៀត)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changed at headquarters too: {n}. Compare and choose which to keep.</source>
        <translation>ត្រូវបានកែប្រែនៅទីស្នាក់ការកណ្តាលផងដែរ៖ {n}។ សូមប្រៀបធៀប ហើយជ្រើសរើសច្បាប់ដែលត្រូវរក្សាទុក។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No records wait for a choice.</source>
        <translation>គ្មានកំណត់ត្រាណាដែលរង់ចាំការជ្រើសរើសទេ។</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>version {v}</source>
        <translation>កំណែទី {v}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Employer request: {employer}</source>
        <translation>សំណើរបស់និយោជក៖ {employer}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Referral of {name} to {employer}</source>
        <translation>ការបញ្ជូន {name} ទៅ {employer}</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>New number</source>
        <translation>លេខថ្មី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The record now has number {number}. Print a new slip for the person.</source>
        <translation>ឥឡូវនេះ កំណត់ត្រាមានលេខ {number}។ សូមបោះពុម្ពប័ណ្ណថ្មីជូនបុគ្គលនោះ។</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../app/ui/record_dialog.py" line="+96"/>
        <location line="+444"/>
        <source>Withdrawn</source>
        <translation>បានដកឈ្មោះចេញ</translation>
    </message>
    <message>
        <location line="-325"/>
        <source>Discard changes?</source>
        <translation>បោះចោលការកែប្រែឬ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The changes you typed are not saved. Discard them?</source>
        <translation>ការកែប្រែដែលអ្នកបានវាយ មិនទាន់បានរក្សាទុកទេ។ តើចង់បោះចោលការកែប្រែទាំងនេះឬ?</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>This record was changed meanwhile. It has been reloaded; look at it again before withdrawing.</source>
        <translation>កំណត់ត្រានេះត្រូវបានកែប្រែក្នុងពេលនេះ ហើយត្រូវបានផ្ទុកឡើងវិញហើយ។ សូមពិនិត្យម្តងទៀត មុននឹងដកឈ្មោះចេញ។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only the laptop that registered this person can withdraw the record.</source>
        <translation>មានតែកុំព្យូទ័រដែលបានចុះឈ្មោះបុគ្គលនេះប៉ុណ្ណោះ ដែលអាចដកឈ្មោះចេញពីកំណត់ត្រានេះបាន។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Withdrawn.</source>
        <translation>បានដកឈ្មោះចេញ។</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Saved as version {version}.</source>
        <translation>បានរក្សាទុកជាកំណែទី {version}។</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not withdrawn</source>
        <translation>មិនបានដកឈ្មោះចេញ</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Record</source>
        <translation>កំណត់ត្រា</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>History</source>
        <translation>ប្រវត្តិ</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Referrals</source>
        <translation>ការបញ្ជូន</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Edit</source>
        <translation>កែប្រែ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to the record</source>
        <translation>ត្រឡប់ទៅកំណត់ត្រា</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Withdraw…</source>
        <translation>ដកឈ្មោះចេញ…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print slip</source>
        <translation>បោះពុម្ពប័ណ្ណ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>បិទ</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Registration {number}</source>
        <translation>ការចុះឈ្មោះ {number}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Registered {when} by {officer} · version {version} · {sync}</source>
        <translation>ចុះឈ្មោះនៅ {when} ដោយ {officer} · កំណែទី {version} · {sync}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>WITHDRAWN — {reason}</source>
        <translation>បានដកឈ្មោះចេញ — {reason}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Headquarters found that this is the same person as that registration. Both records are kept; employers are offered that one.</source>
        <translation>ទីស្នាក់ការកណ្តាលបានរកឃើញថា នេះជាបុគ្គលតែមួយនឹងការចុះឈ្មោះនោះ។ កំណត់ត្រាទាំងពីរត្រូវបានរក្សាទុក ហើយនិយោជកនឹងឃើញតែការចុះឈ្មោះនោះ។</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Version</source>
        <translation>កំណែ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>សកម្មភាព</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When (Phnom Penh)</source>
        <translation>ពេលវេលា (ម៉ោងភ្នំពេញ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Officer</source>
        <translation>មន្ត្រី</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Changes</source>
        <translation>ការផ្លាស់ប្តូរ</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Employer</source>
        <translation>និយោជក</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Job title</source>
        <translation>មុខតំណែង</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>ស្ថានភាព</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation>កាលបរិច្ឆេទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Referred</source>
        <translation>បានបញ្ជូន</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Interviewed</source>
        <translation>បានសម្ភាសន៍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hired</source>
        <translation>បានជួល</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Declined</source>
        <translation>បដិសេធ</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Registered</source>
        <translation>បានចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edited</source>
        <translation>បានកែប្រែ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>First version</source>
        <translation>កំណែដំបូង</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reason: {reason}</source>
        <translation>មូលហេតុ៖ {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{field}: {old} → {new}</source>
        <translation>{field}៖ {old} → {new}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No visible change</source>
        <translation>គ្មានការផ្លាស់ប្តូរដែលមើលឃើញ</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Only the laptop that registered this person can change the record.</source>
        <translation>មានតែកុំព្យូទ័រដែលបានចុះឈ្មោះបុគ្គលនេះប៉ុណ្ណោះ ដែលអាចកែប្រែកំណត់ត្រានេះបាន។</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A withdrawn record cannot be changed.</source>
        <translation>កំណត់ត្រាដែលបានដកឈ្មោះចេញ មិនអាចកែប្រែបានទេ។</translation>
    </message>
</context>
<context>
    <name>RecordText</name>
    <message>
        <location filename="../../app/ui/record_text.py" line="+139"/>
        <source>Male</source>
        <translation>ប្រុស</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Female</source>
        <translation>ស្រី</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting to send</source>
        <translation>រង់ចាំផ្ញើ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent</source>
        <translation>បានផ្ញើ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs correction</source>
        <translation>ត្រូវកែតម្រូវ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Field visit</source>
        <translation>ចុះមូលដ្ឋាន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hotline 1297</source>
        <translation>ខ្សែទូរស័ព្ទ 1297</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Walk-in</source>
        <translation>មកដោយផ្ទាល់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Telegram</source>
        <translation>តេឡេក្រាម</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR code</source>
        <translation>កូដ QR</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Yes</source>
        <translation>បាទ/ចាស</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No</source>
        <translation>ទេ</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../app/ui/recovery_key_dialog.py" line="+21"/>
        <source>Recovery key</source>
        <translation>កូនសោសង្គ្រោះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This key opens this laptop&apos;s records when every password is forgotten. Print it or write it down now, and keep the paper locked away from the laptop.</source>
        <translation>កូនសោនេះបើកកំណត់ត្រានៅលើកុំព្យូទ័រនេះ នៅពេលភ្លេចពាក្យសម្ងាត់ទាំងអស់។ សូមបោះពុម្ព ឬសរសេរវាឥឡូវនេះ ហើយរក្សាក្រដាសនោះទុកក្នុងកន្លែងចាក់សោ ឆ្ងាយពីកុំព្យូទ័រ។</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Print…</source>
        <translation>បោះពុម្ព…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I have written it down</source>
        <translation>ខ្ញុំបានសរសេរទុករួចហើយ</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Job Centre Desk — recovery key</source>
        <translation>Job Centre Desk — កូនសោសង្គ្រោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Office: {office}</source>
        <translation>ការិយាល័យ៖ {office}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep this paper locked away. It opens this laptop&apos;s records when every password is forgotten.</source>
        <translation>សូមរក្សាក្រដាសនេះទុកក្នុងកន្លែងចាក់សោ។ វាបើកកំណត់ត្រានៅលើកុំព្យូទ័រនេះ នៅពេលភ្លេចពាក្យសម្ងាត់ទាំងអស់។</translation>
    </message>
</context>
<context>
    <name>ReferralStatusDialog</name>
    <message>
        <location filename="../../app/ui/matches_view.py" line="+23"/>
        <source>Referral</source>
        <translation>ការបញ្ជូន</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Headquarters refused this referral:</source>
        <translation>ទីស្នាក់ការកណ្តាលបានបដិសេធការបញ្ជូននេះ៖</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save</source>
        <translation>រក្សាទុក</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>បោះបង់</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Returnee</source>
        <translation>ពលករវិលត្រឡប់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer request</source>
        <translation>សំណើរបស់និយោជក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>ស្ថានភាព</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>កាលបរិច្ឆេទ</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Change the status or the date, then save.</source>
        <translation>សូមប្តូរស្ថានភាព ឬកាលបរិច្ឆេទ រួចរក្សាទុក។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only the laptop that made this referral can change it.</source>
        <translation>មានតែកុំព្យូទ័រដែលបានបញ្ជូននេះប៉ុណ្ណោះ ដែលអាចកែប្រែវាបាន។</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Referred</source>
        <translation>បានបញ្ជូន</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Interviewed</source>
        <translation>បានសម្ភាសន៍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hired</source>
        <translation>បានជួល</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Declined</source>
        <translation>បដិសេធ</translation>
    </message>
</context>
<context>
    <name>RegistrationForm</name>
    <message>
        <location filename="../../app/ui/registration_form.py" line="+249"/>
        <source>Withdrawn: {reason}</source>
        <translation>បានដកឈ្មោះចេញ៖ {reason}</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>No changes to save</source>
        <translation>គ្មានការកែប្រែដែលត្រូវរក្សាទុកទេ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copied {number}</source>
        <translation>បានចម្លង {number}</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Only the desk that made this record can edit it</source>
        <translation>មានតែកុំព្យូទ័រដែលបានបង្កើតកំណត់ត្រានេះប៉ុណ្ណោះ ដែលអាចកែប្រែវាបាន</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saved changes to {number} (version {version})</source>
        <translation>បានរក្សាទុកការកែប្រែលើ {number} (កំណែទី {version})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved. Registration number {number}</source>
        <translation>បានរក្សាទុក។ លេខចុះឈ្មោះ {number}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Not saved: possible duplicate</source>
        <translation>មិនបានរក្សាទុក៖ អាចជាការចុះឈ្មោះស្ទួន</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Changed meanwhile</source>
        <translation>កំណត់ត្រាត្រូវបានកែប្រែរួចហើយ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This record was changed after you opened it, so your changes were not saved. Reload it to see the latest version (your changes here will be lost)?</source>
        <translation>កំណត់ត្រានេះត្រូវបានកែប្រែ បន្ទាប់ពីអ្នកបានបើកវា ដូច្នេះការកែប្រែរបស់អ្នកមិនត្រូវបានរក្សាទុកទេ។ តើចង់ផ្ទុកវាឡើងវិញ ដើម្បីមើលកំណែចុងក្រោយឬទេ (ការកែប្រែរបស់អ្នកនៅទីនេះនឹងបាត់បង់)?</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not saved: the record changed meanwhile</source>
        <translation>មិនបានរក្សាទុក៖ កំណត់ត្រាត្រូវបានកែប្រែក្នុងពេលនេះ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Discard this entry?</source>
        <translation>បោះចោលការបញ្ចូលនេះឬ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What you typed for this person is not saved. Clear the form anyway?</source>
        <translation>ព័ត៌មានដែលអ្នកបានវាយសម្រាប់បុគ្គលនេះ មិនទាន់បានរក្សាទុកទេ។ នៅតែសម្អាតទម្រង់ឬ?</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Not saved: correct the fields marked in red</source>
        <translation>មិនបានរក្សាទុក៖ សូមកែតម្រូវចន្លោះដែលមានសញ្ញាពណ៌ក្រហម</translation>
    </message>
    <message>
        <location line="+168"/>
        <location line="+291"/>
        <source>Person</source>
        <translation>ព័ត៌មានផ្ទាល់ខ្លួន</translation>
    </message>
    <message>
        <location line="-280"/>
        <location line="+280"/>
        <source>Work wanted</source>
        <translation>ការងារដែលចង់បាន</translation>
    </message>
    <message>
        <location line="-270"/>
        <location line="+270"/>
        <source>Return and training</source>
        <translation>ការវិលត្រឡប់ និងការបណ្តុះបណ្តាល</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Field visit</source>
        <translation>ចុះមូលដ្ឋាន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hotline 1297</source>
        <translation>ខ្សែទូរស័ព្ទ 1297</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Walk-in at the job centre</source>
        <translation>មកដោយផ្ទាល់នៅមជ្ឈមណ្ឌលការងារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Telegram</source>
        <translation>តេឡេក្រាម</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR code</source>
        <translation>កូដ QR</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Choose...</source>
        <translation>សូមជ្រើសរើស...</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>or age</source>
        <translation>ឬអាយុ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected salary (USD a month)</source>
        <translation>ប្រាក់ខែរំពឹងទុក (ដុល្លារ ក្នុងមួយខែ)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>In Khmer script</source>
        <translation>ជាអក្សរខ្មែរ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Sok Dara</source>
        <translation>ឧ. Sok Dara</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Male</source>
        <translation>ប្រុស</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Female</source>
        <translation>ស្រី</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>YYYY-MM-DD or DD/MM/YYYY</source>
        <translation>ថ្ងៃ/ខែ/ឆ្នាំ ឬ ឆ្នាំ-ខែ-ថ្ងៃ</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>e.g. 012 345 678</source>
        <translation>ឧ. 012 345 678</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>9 digits (optional)</source>
        <translation>9 ខ្ទង់ (មិនចាំបាច់)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 300</source>
        <translation>ឧ. 300</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. construction worker in Bangkok</source>
        <translation>ឧ. កម្មករសំណង់នៅបាងកក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. welding, driving, Thai language</source>
        <translation>ឧ. ផ្សារដែក បើកបរ ភាសាថៃ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anything else the job centre should know</source>
        <translation>ព័ត៌មានផ្សេងទៀតដែលមជ្ឈមណ្ឌលការងារគួរដឹង</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The person agrees to be registered and to their details being shared with employers</source>
        <translation>បុគ្គលនេះយល់ព្រមឱ្យចុះឈ្មោះ និងយល់ព្រមឱ្យចែករំលែកព័ត៌មានរបស់ខ្លួនជាមួយនិយោជក</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save</source>
        <translation>រក្សាទុក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save (Enter or Ctrl+S)</source>
        <translation>រក្សាទុក (Enter ឬ Ctrl+S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next person</source>
        <translation>បុគ្គលបន្ទាប់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the form for the next person (Ctrl+N)</source>
        <translation>សម្អាតទម្រង់សម្រាប់បុគ្គលបន្ទាប់ (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>ចម្លង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the registration number (Ctrl+Shift+C)</source>
        <translation>ចម្លងលេខចុះឈ្មោះ (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print slip</source>
        <translation>បោះពុម្ពប័ណ្ណ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print the registration slip (F9)</source>
        <translation>បោះពុម្ពប័ណ្ណចុះឈ្មោះ (F9)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{count} chosen</source>
        <translation>បានជ្រើសរើស {count}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Edit registration</source>
        <translation>កែប្រែការចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New registration</source>
        <translation>ការចុះឈ្មោះថ្មី</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>Registration number</source>
        <translation>លេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last saved</source>
        <translation>បានរក្សាទុកចុងក្រោយ</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>= {age}</source>
        <translation>= {age} ឆ្នាំ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>years</source>
        <translation>ឆ្នាំ</translation>
    </message>
</context>
<context>
    <name>RegistrationsModel</name>
    <message>
        <location filename="../../app/ui/registrations_model.py" line="+211"/>
        <source>Registration no.</source>
        <translation>លេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name (Khmer)</source>
        <translation>ឈ្មោះ (ខ្មែរ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name (Latin)</source>
        <translation>ឈ្មោះ (ឡាតាំង)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sex</source>
        <translation>ភេទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation>អាយុ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>ទូរស័ព្ទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home village</source>
        <translation>ភូមិទីលំនៅ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sectors</source>
        <translation>វិស័យការងារ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered</source>
        <translation>ថ្ងៃចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending</source>
        <translation>ការផ្ញើ</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Withdrawn</source>
        <translation>បានដកឈ្មោះចេញ</translation>
    </message>
</context>
<context>
    <name>RegistrationsView</name>
    <message>
        <location filename="../../app/ui/registrations_view.py" line="+342"/>
        <source>Find by name (Khmer or Latin), phone or registration number</source>
        <translation>ស្វែងរកតាមឈ្មោះ (ខ្មែរ ឬឡាតាំង) លេខទូរស័ព្ទ ឬលេខចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered</source>
        <translation>ថ្ងៃចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sector</source>
        <translation>វិស័យ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred province</source>
        <translation>ខេត្តដែលចង់ធ្វើការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sex</source>
        <translation>ភេទ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending</source>
        <translation>ការផ្ញើ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from</source>
        <translation>ពី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>ដល់</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A date such as 25/11/2026</source>
        <translation>កាលបរិច្ឆេទ ឧ. 25/11/2026</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show withdrawn</source>
        <translation>បង្ហាញអ្នកដែលបានដកឈ្មោះចេញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear filters</source>
        <translation>សម្អាតតម្រង</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Any</source>
        <translation>ទាំងអស់</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{n} registration</source>
        <translation>ការចុះឈ្មោះចំនួន {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} registrations</source>
        <translation>ការចុះឈ្មោះចំនួន {n}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No one found for “{query}”. Closest names: {names}</source>
        <translation>រកមិនឃើញនរណាម្នាក់សម្រាប់ «{query}» ទេ។ ឈ្មោះដែលជិតបំផុត៖ {names}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No one found for “{query}”.</source>
        <translation>រកមិនឃើញនរណាម្នាក់សម្រាប់ «{query}» ទេ។</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../../app/ui/employers_view.py" line="-151"/>
        <source>Employer request</source>
        <translation>សំណើរបស់និយោជក</translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <location line="-233"/>
        <source>Employer</source>
        <translation>និយោជក</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contact person</source>
        <translation>អ្នកទំនាក់ទំនង</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contact phone</source>
        <translation>ទូរស័ព្ទទំនាក់ទំនង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workplace province</source>
        <translation>ខេត្តកន្លែងធ្វើការ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Workplace district</source>
        <translation>ស្រុកកន្លែងធ្វើការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sector</source>
        <translation>វិស័យ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Job title</source>
        <translation>មុខតំណែង</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Workers needed</source>
        <translation>ចំនួនពលករត្រូវការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender wanted</source>
        <translation>ភេទដែលត្រូវការ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Monthly salary offered (USD)</source>
        <translation>ប្រាក់ខែផ្តល់ជូន (ដុល្លារ ក្នុងមួយខែ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start date</source>
        <translation>ថ្ងៃចាប់ផ្តើមធ្វើការ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Accommodation provided</source>
        <translation>មានកន្លែងស្នាក់នៅ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transport provided</source>
        <translation>មានមធ្យោបាយធ្វើដំណើរ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Notes</source>
        <translation>កំណត់សម្គាល់</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>ស្ថានភាព</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose…</source>
        <translation>សូមជ្រើសរើស…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Female</source>
        <translation>ស្រី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Male</source>
        <translation>ប្រុស</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Any</source>
        <translation>ទាំងអស់</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open</source>
        <translation>កំពុងបើក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>បានបិទ</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+108"/>
        <source>Cancel</source>
        <translation>បោះបង់</translation>
    </message>
    <message>
        <location line="-108"/>
        <location line="+108"/>
        <source>Close</source>
        <translation>បិទ</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>New employer request</source>
        <translation>សំណើថ្មីរបស់និយោជក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save request</source>
        <translation>រក្សាទុកសំណើ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{employer}: version {version}</source>
        <translation>{employer}៖ កំណែទី {version}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save changes</source>
        <translation>រក្សាទុកការកែប្រែ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This request was made on another laptop (at headquarters or in another district). Only that laptop can change it, so it is shown here read-only.</source>
        <translation>សំណើនេះត្រូវបានបង្កើតនៅលើកុំព្យូទ័រផ្សេង (នៅទីស្នាក់ការកណ្តាល ឬនៅស្រុកផ្សេង)។ មានតែកុំព្យូទ័រនោះប៉ុណ្ណោះដែលអាចកែប្រែវាបាន ដូច្នេះនៅទីនេះអាចមើលបានតែប៉ុណ្ណោះ។</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Headquarters refused this request:</source>
        <translation>ទីស្នាក់ការកណ្តាលបានបដិសេធសំណើនេះ៖</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Not saved:</source>
        <translation>មិនបានរក្សាទុក៖</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="+64"/>
        <source>Settings</source>
        <translation>ការកំណត់</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>General</source>
        <translation>ទូទៅ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Officers</source>
        <translation>មន្ត្រី</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Headquarters</source>
        <translation>ទីស្នាក់ការកណ្តាល</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Show numbers in Khmer digits (០១២៣)</source>
        <translation>បង្ហាញលេខជាលេខខ្មែរ (០១២៣)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A6 sheet (laser printer)</source>
        <translation>ក្រដាស A6 (ម៉ាស៊ីនបោះពុម្ពឡាស៊ែរ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A5 sheet (laser printer)</source>
        <translation>ក្រដាស A5 (ម៉ាស៊ីនបោះពុម្ពឡាស៊ែរ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt roll, 80 mm</source>
        <translation>ក្រដាសរមូលបង្កាន់ដៃ 80 mm</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Registration numbers, phone numbers in files and codes always keep the digits 0-9.</source>
        <translation>លេខចុះឈ្មោះ លេខទូរស័ព្ទក្នុងឯកសារ និងកូដនានា តែងតែប្រើលេខ 0-9 ជានិច្ច។</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Language</source>
        <translation>ភាសា</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slip paper</source>
        <translation>ក្រដាសសម្រាប់ប័ណ្ណ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> minutes</source>
        <translation> នាទី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never</source>
        <translation>មិនដែល</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock the window after</source>
        <translation>ចាក់សោផ្ទាំងក្រោយ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without a key or a click for this long, the window hides what is on it and asks the officer&apos;s password again.</source>
        <translation>បើគ្មានការចុចគ្រាប់ចុច ឬចុចកណ្ដុររយៈពេលប៉ុណ្ណេះ ផ្ទាំងនឹងលាក់អ្វីដែលនៅលើវា ហើយសួររកពាក្យសម្ងាត់របស់មន្ត្រីម្តងទៀត។</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+27"/>
        <source>Name</source>
        <translation>ឈ្មោះ</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+28"/>
        <source>Role</source>
        <translation>តួនាទី</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Office</source>
        <translation>ការិយាល័យ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Account</source>
        <translation>គណនី</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add an officer</source>
        <translation>បន្ថែមមន្ត្រី</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+25"/>
        <location line="+55"/>
        <source>Officer</source>
        <translation>មន្ត្រី</translation>
    </message>
    <message>
        <location line="-79"/>
        <location line="+79"/>
        <source>Supervisor</source>
        <translation>អ្នកគ្រប់គ្រង</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>At least {n} characters</source>
        <translation>យ៉ាងតិច {n} តួអក្សរ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add officer</source>
        <translation>បន្ថែមមន្ត្រី</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Password</source>
        <translation>ពាក្យសម្ងាត់</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reset a password</source>
        <translation>កំណត់ពាក្យសម្ងាត់ឡើងវិញ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set new password</source>
        <translation>កំណត់ពាក្យសម្ងាត់ថ្មី</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New password</source>
        <translation>ពាក្យសម្ងាត់ថ្មី</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Let them try again now</source>
        <translation>អនុញ្ញាតឱ្យសាកល្បងម្ដងទៀតឥឡូវនេះ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This laptop&apos;s keys</source>
        <translation>កូនសោរបស់កុំព្យូទ័រនេះ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the recovery key…</source>
        <translation>បង្ហាញកូនសោសង្គ្រោះ…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A scheduled sync may open the records without a password (a device key kept in this computer&apos;s keyring for this user)</source>
        <translation>ការធ្វើសមកាលកម្មតាមកាលវិភាគអាចបើកកំណត់ត្រាដោយគ្មានពាក្យសម្ងាត់ (កូនសោឧបករណ៍ដែលរក្សាទុកក្នុង keyring របស់កុំព្យូទ័រនេះ សម្រាប់អ្នកប្រើនេះ)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Can sign in</source>
        <translation>អាចចូលប្រើបាន</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disabled</source>
        <translation>បានបិទ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waits {wait} (wrong passwords)</source>
        <translation>រង់ចាំ {wait} (ពាក្យសម្ងាត់ខុស)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{name} can now sign in on this laptop.</source>
        <translation>ឥឡូវនេះ {name} អាចចូលប្រើកុំព្យូទ័រនេះបានហើយ។</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose an officer in the list first.</source>
        <translation>សូមជ្រើសរើសមន្ត្រីក្នុងបញ្ជីជាមុនសិន។</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New password set for {name}.</source>
        <translation>បានកំណត់ពាក្យសម្ងាត់ថ្មីសម្រាប់ {name}។</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(choose in the list)</source>
        <translation>(សូមជ្រើសរើសក្នុងបញ្ជី)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enable account</source>
        <translation>បើកគណនីវិញ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disable account</source>
        <translation>បិទគណនី</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{name} can sign in again.</source>
        <translation>{name} អាចចូលប្រើវិញបានហើយ។</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} can no longer sign in on this laptop.</source>
        <translation>{name} លែងអាចចូលប្រើកុំព្យូទ័រនេះបានទៀតហើយ។</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{name} can try their password again now.</source>
        <translation>{name} អាចសាកល្បងពាក្យសម្ងាត់ម្ដងទៀតឥឡូវនេះ។</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This computer has no keyring to keep the device key in ({why}): a scheduled sync needs a password.</source>
        <translation>កុំព្យូទ័រនេះគ្មាន keyring សម្រាប់រក្សាកូនសោឧបករណ៍ទេ ({why})៖ ការធ្វើសមកាលកម្មតាមកាលវិភាគត្រូវការពាក្យសម្ងាត់។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A scheduled `jobcentre sync` now opens the records with the device key.</source>
        <translation>ឥឡូវនេះ `jobcentre sync` តាមកាលវិភាគបើកកំណត់ត្រាដោយកូនសោឧបករណ៍។</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A scheduled sync needs a password again; the device key is deleted.</source>
        <translation>ការធ្វើសមកាលកម្មតាមកាលវិភាគត្រូវការពាក្យសម្ងាត់ម្ដងទៀត។ កូនសោឧបករណ៍ត្រូវបានលុប។</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="+51"/>
        <source>Set up Job Centre Desk</source>
        <translation>រៀបចំតុចុះឈ្មោះ មជ្ឈមណ្ឌលការងារ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set up this laptop</source>
        <translation>រៀបចំកុំព្យូទ័រនេះ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the district office this laptop works for, and create the first officer account. That officer is a supervisor and can add the others in Settings.</source>
        <translation>សូមជ្រើសរើសការិយាល័យស្រុកដែលកុំព្យូទ័រនេះបម្រើការងារ ហើយបង្កើតគណនីមន្ត្រីដំបូង។ មន្ត្រីនោះជាអ្នកគ្រប់គ្រង ហើយអាចបន្ថែមមន្ត្រីផ្សេងទៀតនៅក្នុង «ការកំណត់»។</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Type part of the district or province name, or its code</source>
        <translation>វាយផ្នែកណាមួយនៃឈ្មោះស្រុក ឬខេត្ត ឬលេខកូដ</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>At least {n} characters</source>
        <translation>យ៉ាងតិច {n} តួអក្សរ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>District office</source>
        <translation>ការិយាល័យស្រុក</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your name</source>
        <translation>ឈ្មោះរបស់អ្នក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>ពាក្យសម្ងាត់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password again</source>
        <translation>បញ្ជាក់ពាក្យសម្ងាត់</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Set up</source>
        <translation>រៀបចំ</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Choose the district office from the list.</source>
        <translation>សូមជ្រើសរើសការិយាល័យស្រុកពីបញ្ជី។</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two passwords are not the same.</source>
        <translation>ពាក្យសម្ងាត់ទាំងពីរមិនដូចគ្នាទេ។</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>No district chosen yet</source>
        <translation>មិនទាន់បានជ្រើសរើសស្រុកនៅឡើយទេ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Office: {district}, {province}</source>
        <translation>ការិយាល័យ៖ {district}, {province}</translation>
    </message>
</context>
<context>
    <name>SlipPrinting</name>
    <message>
        <location filename="../../app/ui/slip_printing.py" line="+41"/>
        <source>Registration slips</source>
        <translation>ប័ណ្ណចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print registration slips</source>
        <translation>បោះពុម្ពប័ណ្ណចុះឈ្មោះ</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Save slips as PDF</source>
        <translation>រក្សាទុកប័ណ្ណជា PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not save</source>
        <translation>មិនអាចរក្សាទុកបានទេ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The PDF could not be written: {reason}</source>
        <translation>មិនអាចសរសេរឯកសារ PDF បានទេ៖ {reason}</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../app/ui/status_bar.py" line="+72"/>
        <source>Officer: {name}</source>
        <translation>មន្ត្រី៖ {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Office: {office}</source>
        <translation>ការិយាល័យ៖ {office}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Device {tag}</source>
        <translation>ឧបករណ៍ {tag}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing waiting to send</source>
        <translation>គ្មានអ្វីរង់ចាំផ្ញើទេ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} waiting to send</source>
        <translation>រង់ចាំផ្ញើចំនួន {n}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>QR inbox: {n}</source>
        <translation>ប្រអប់ QR៖ {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version {version}</source>
        <translation>កំណែ {version}</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../../app/services/sync.py" line="+498"/>
        <source>Cannot reach headquarters (no connection?)</source>
        <translation>មិនអាចភ្ជាប់ទៅទីស្នាក់ការកណ្តាលបានទេ (គ្មានអ៊ីនធឺណិត?)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing answers at {detail}: headquarters may be down, or the address is wrong</source>
        <translation>គ្មានអ្វីឆ្លើយតបនៅ {detail} ទេ៖ ទីស្នាក់ការកណ្តាលប្រហែលជាមិនដំណើរការ ឬអាសយដ្ឋានមិនត្រឹមត្រូវ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server name {detail} cannot be found: no internet connection, or a mistyped address</source>
        <translation>រកមិនឃើញឈ្មោះម៉ាស៊ីនមេ {detail} ទេ៖ គ្មានអ៊ីនធឺណិត ឬអាសយដ្ឋានវាយខុស</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Headquarters asks this computer to wait before trying again (too many requests)</source>
        <translation>ទីស្នាក់ការកណ្តាលស្នើឱ្យកុំព្យូទ័រនេះរង់ចាំសិន មុននឹងព្យាយាមម្តងទៀត (សំណើច្រើនពេក)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too many wrong enrolment codes from this computer: wait a while and try again</source>
        <translation>កុំព្យូទ័រនេះបានវាយកូដចុះបញ្ជីខុសច្រើនដងពេក៖ សូមរង់ចាំមួយរយៈ រួចព្យាយាមម្តងទៀត</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Too many wrong enrolment codes from this computer: wait {minutes} minutes and try again</source>
        <translation>កុំព្យូទ័រនេះបានវាយកូដចុះបញ្ជីខុសច្រើនដងពេក៖ សូមរង់ចាំ {minutes} នាទី រួចព្យាយាមម្តងទៀត</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Headquarters asks this computer to wait {minutes} minutes before trying again (too many requests)</source>
        <translation>ទីស្នាក់ការកណ្តាលស្នើឱ្យកុំព្យូទ័រនេះរង់ចាំ {minutes} នាទី មុននឹងព្យាយាមម្តងទៀត (សំណើច្រើនពេក)</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>Headquarters did not answer in time</source>
        <translation>ទីស្នាក់ការកណ្តាលមិនបានឆ្លើយតបទាន់ពេលទេ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headquarters is busy; will try again later</source>
        <translation>ទីស្នាក់ការកណ្តាលកំពុងរវល់ នឹងព្យាយាមម្តងទៀតនៅពេលក្រោយ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Got an answer that is not from headquarters (a Wi-Fi login page?)</source>
        <translation>បានទទួលចម្លើយដែលមិនមែនមកពីទីស្នាក់ការកណ្តាល (ប្រហែលជាទំព័រចូលប្រើ Wi-Fi?)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headquarters refused a batch as too large</source>
        <translation>ទីស្នាក់ការកណ្តាលបានបដិសេធកញ្ចប់ទិន្នន័យ ដោយសារធំពេក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headquarters no longer accepts this version of the app: please update it</source>
        <translation>ទីស្នាក់ការកណ្តាលលែងទទួលយកកំណែកម្មវិធីនេះទៀតហើយ៖ សូមធ្វើបច្ចុប្បន្នភាពកម្មវិធី</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This laptop is not enrolled: enter the code from headquarters in Settings</source>
        <translation>កុំព្យូទ័រនេះមិនទាន់បានចុះបញ្ជីទេ៖ សូមបញ្ចូលកូដពីទីស្នាក់ការកណ្តាលនៅក្នុង «ការកំណត់»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headquarters does not know this laptop: enrol it again</source>
        <translation>ទីស្នាក់ការកណ្តាលមិនស្គាល់កុំព្យូទ័រនេះទេ៖ សូមចុះបញ្ជីម្តងទៀត</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headquarters has blocked this laptop: call the data team</source>
        <translation>ទីស្នាក់ការកណ្តាលបានបិទសិទ្ធិកុំព្យូទ័រនេះ៖ សូមទូរស័ព្ទទៅក្រុមការងារទិន្នន័យ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headquarters refused: {detail}</source>
        <translation>ទីស្នាក់ការកណ្តាលបានបដិសេធ៖ {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not a safe server address: {detail}</source>
        <translation>អាសយដ្ឋានម៉ាស៊ីនមេមិនមានសុវត្ថិភាព៖ {detail}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another sync of this data is running</source>
        <translation>ការធ្វើសមកាលកម្មមួយទៀតលើទិន្នន័យនេះ កំពុងដំណើរការ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync was stopped</source>
        <translation>ការធ្វើសមកាលកម្មត្រូវបានបញ្ឈប់</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>headquarters already knows this laptop: a new district code cannot enrol it again. Ask the data team for a re-enrolment code for this laptop</source>
        <translation>ទីស្នាក់ការកណ្តាលស្គាល់កុំព្យូទ័រនេះរួចហើយ៖ លេខកូដស្រុកថ្មីមិនអាចចុះបញ្ជីវាម្តងទៀតបានទេ។ សូមស្នើលេខកូដចុះបញ្ជីឡើងវិញសម្រាប់កុំព្យូទ័រនេះពីក្រុមទិន្នន័យ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this re-enrolment code was made for another laptop</source>
        <translation>លេខកូដចុះបញ្ជីឡើងវិញនេះត្រូវបានបង្កើតសម្រាប់កុំព្យូទ័រផ្សេង</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this code is for another district than this laptop&apos;s office</source>
        <translation>លេខកូដនេះសម្រាប់ស្រុកផ្សេងពីការិយាល័យរបស់កុំព្យូទ័រនេះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this enrolment code has already been used</source>
        <translation>លេខកូដចុះបញ្ជីនេះត្រូវបានប្រើរួចហើយ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this enrolment code is unknown or has expired</source>
        <translation>លេខកូដចុះបញ្ជីនេះមិនស្គាល់ ឬផុតកំណត់ហើយ</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Headquarters&apos; address sent this laptop elsewhere ({detail}); nothing was sent there. Check the address in Settings</source>
        <translation>អាសយដ្ឋានទីស្នាក់ការកណ្តាលបានបញ្ជូនកុំព្យូទ័រនេះទៅកន្លែងផ្សេង ({detail}) ហើយគ្មានអ្វីត្រូវបានផ្ញើទៅទីនោះទេ។ សូមពិនិត្យអាសយដ្ឋាននៅក្នុងការកំណត់</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The number carries another district than this laptop&apos;s office: give it a new number</source>
        <translation>លេខនេះមានលេខកូដស្រុកផ្សេងពីការិយាល័យរបស់កុំព្យូទ័រនេះ៖ សូមផ្តល់លេខថ្មី</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The number is far past the last one headquarters holds for this laptop: send the earlier records first</source>
        <translation>លេខនេះហួសឆ្ងាយពីលេខចុងក្រោយដែលទីស្នាក់ការកណ្តាលមានសម្រាប់កុំព្យូទ័រនេះ៖ សូមផ្ញើកំណត់ត្រាមុនៗជាមុនសិន</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The officer on this record belongs to another laptop</source>
        <translation>មន្ត្រីលើកំណត់ត្រានេះជារបស់កុំព្យូទ័រផ្សេង</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Headquarters does not hold this returnee yet: send the registration first, then this referral again</source>
        <translation>ទីស្នាក់ការកណ្តាលមិនទាន់មានអ្នកត្រឡប់មកវិញនេះទេ៖ សូមផ្ញើការចុះឈ្មោះជាមុន រួចផ្ញើការបញ្ជូនបន្តនេះម្តងទៀត</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This returnee was registered on another laptop; only that laptop can refer them</source>
        <translation>អ្នកត្រឡប់មកវិញនេះត្រូវបានចុះឈ្មោះនៅលើកុំព្យូទ័រផ្សេង។ មានតែកុំព្យូទ័រនោះទេដែលអាចបញ្ជូនបន្តគាត់បាន</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Headquarters does not know this employer request</source>
        <translation>ទីស្នាក់ការកណ្តាលមិនស្គាល់សំណើរបស់និយោជកនេះទេ</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Another record at headquarters has this number: give it a new number</source>
        <translation>កំណត់ត្រាមួយទៀតនៅទីស្នាក់ការកណ្តាលមានលេខនេះរួចហើយ៖ សូមផ្តល់លេខថ្មី</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The number was made before this laptop was enrolled: give it a new number</source>
        <translation>លេខនេះត្រូវបានបង្កើតមុនពេលកុំព្យូទ័រនេះចុះបញ្ជី៖ សូមផ្តល់លេខថ្មី</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The number is not valid</source>
        <translation>លេខនេះមិនត្រឹមត្រូវទេ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another laptop sent this record first; it cannot be changed here</source>
        <translation>កុំព្យូទ័រផ្សេងបានផ្ញើកំណត់ត្រានេះមុន ដូច្នេះមិនអាចកែប្រែនៅទីនេះបានទេ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The record was damaged on the way</source>
        <translation>កំណត់ត្រាត្រូវបានខូចខាតក្នុងពេលបញ្ជូន</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Headquarters cannot read this record</source>
        <translation>ទីស្នាក់ការកណ្តាលមិនអាចអានកំណត់ត្រានេះបានទេ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The record&apos;s time is not readable</source>
        <translation>មិនអាចអានពេលវេលារបស់កំណត់ត្រាបានទេ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The record&apos;s id is not readable</source>
        <translation>មិនអាចអានលេខសម្គាល់របស់កំណត់ត្រាបានទេ</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Sync failed: {detail}</source>
        <translation>ការធ្វើសមកាលកម្មបរាជ័យ៖ {detail}</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+20"/>
        <source>Gave up for now: {why}</source>
        <translation>បានផ្អាកសិន៖ {why}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_controller.py" line="+253"/>
        <source>Not connected to headquarters</source>
        <translation>មិនទាន់បានភ្ជាប់ជាមួយទីស្នាក់ការកណ្តាល</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} waiting</source>
        <translation>រង់ចាំ {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} sent</source>
        <translation>បានផ្ញើ {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} refused</source>
        <translation>ត្រូវបានបដិសេធ {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} to choose</source>
        <translation>ត្រូវជ្រើសរើស {n}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last sent {when}</source>
        <translation>ផ្ញើចុងក្រោយ {when}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sending…</source>
        <translation>កំពុងផ្ញើ…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>last sent {when}</source>
        <translation>ផ្ញើចុងក្រោយ {when}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This computer&apos;s clock is {m} minutes off; please correct it</source>
        <translation>នាឡិការបស់កុំព្យូទ័រនេះខុស {m} នាទី សូមកែតម្រូវ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>check the clock</source>
        <translation>សូមពិនិត្យនាឡិកា</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <location filename="../../app/ui/training_view.py" line="-201"/>
        <source>Training sessions (course catalogue {version})</source>
        <translation>វគ្គបណ្តុះបណ្តាល (បញ្ជីវគ្គ {version})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Course</source>
        <translation>វគ្គបណ្តុះបណ្តាល</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where</source>
        <translation>ទីកន្លែង</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dates</source>
        <translation>កាលបរិច្ឆេទ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seats</source>
        <translation>ចំនួនកន្លែង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrolled here</source>
        <translation>ចុះឈ្មោះនៅទីនេះ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All districts</source>
        <translation>គ្រប់ស្រុក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Want it in the province</source>
        <translation>ចង់រៀនក្នុងខេត្តនេះ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enrolled in every district, as headquarters counted at the last sync</source>
        <translation>អ្នកចុះឈ្មោះចូលរៀននៅគ្រប់ស្រុក តាមចំនួនដែលទីស្នាក់ការកណ្តាលបានរាប់ នៅពេលផ្ញើទិន្នន័យចុងក្រោយ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrol a returnee…</source>
        <translation>ចុះឈ្មោះបុគ្គលចូលរៀន…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take off the session</source>
        <translation>ដកចេញពីវគ្គ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Returnees who want each course, by home district (most wanted first)</source>
        <translation>ពលករវិលត្រឡប់ដែលចង់ចូលរៀនវគ្គនីមួយៗ តាមស្រុកទីលំនៅ (វគ្គដែលមានអ្នកចង់រៀនច្រើនជាងគេមុន)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>District</source>
        <translation>ស្រុក</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total</source>
        <translation>សរុប</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Choose a session to see who is enrolled.</source>
        <translation>សូមជ្រើសរើសវគ្គមួយ ដើម្បីមើលអ្នកដែលបានចុះឈ្មោះចូលរៀន។</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enrolled in {session}</source>
        <translation>អ្នកចុះឈ្មោះចូលរៀន៖ {session}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Only the laptop that registered this person can change their training.</source>
        <translation>មានតែកុំព្យូទ័រដែលបានចុះឈ្មោះបុគ្គលនេះប៉ុណ្ណោះ ដែលអាចកែប្រែការចូលរៀនរបស់បុគ្គលនេះបាន។</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../app/ui/transfer_dialogs.py" line="-202"/>
        <source>Stopping…</source>
        <translation>កំពុងបញ្ឈប់…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancel</source>
        <translation>បោះបង់</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>បិទ</translation>
    </message>
</context>
<context>
    <name>VillagePicker</name>
    <message>
        <location filename="../../app/ui/village_picker.py" line="+215"/>
        <source>Province</source>
        <translation>ខេត្ត</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>District</source>
        <translation>ស្រុក</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Commune</source>
        <translation>ឃុំ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Village</source>
        <translation>ភូមិ</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+13"/>
        <source>Type to search</source>
        <translation>វាយដើម្បីស្វែងរក</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Choose the province first</source>
        <translation>សូមជ្រើសរើសខេត្តជាមុនសិន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the district first</source>
        <translation>សូមជ្រើសរើសស្រុកជាមុនសិន</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the commune first</source>
        <translation>សូមជ្រើសរើសឃុំជាមុនសិន</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Find</source>
        <translation>ស្វែងរក(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Or type the village&apos;s name to find it</source>
        <translation>ឬវាយឈ្មោះភូមិ ដើម្បីស្វែងរក</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a village by name</source>
        <translation>ស្វែងរកភូមិតាមឈ្មោះ</translation>
    </message>
</context>
<context>
    <name>Wait</name>
    <message>
        <location filename="../../app/messages.py" line="-123"/>
        <source>1 second</source>
        <translation>1 វិនាទី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} seconds</source>
        <translation>{n} វិនាទី</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 minute</source>
        <translation>1 នាទី</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} minutes</source>
        <translation>{n} នាទី</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 hour</source>
        <translation>1 ម៉ោង</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} hours</source>
        <translation>{n} ម៉ោង</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <location filename="../../app/ui/record_dialog.py" line="-471"/>
        <source>Withdraw {number}</source>
        <translation>ដកឈ្មោះចេញ {number}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A withdrawn record stays on this laptop and at headquarters, marked as withdrawn, and is no longer offered to employers. Why is it withdrawn?</source>
        <translation>កំណត់ត្រាដែលបានដកឈ្មោះចេញ នៅតែរក្សាទុកនៅលើកុំព្យូទ័រនេះ និងនៅទីស្នាក់ការកណ្តាល ដោយមានសម្គាល់ថាបានដកឈ្មោះចេញ ហើយលែងផ្តល់ជូននិយោជកទៀតហើយ។ ហេតុអ្វីបានជាដកឈ្មោះចេញ?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>For example: registered twice; found a job; asked to be removed</source>
        <translation>ឧទាហរណ៍៖ បានចុះឈ្មោះពីរដង, រកបានការងារហើយ, ឬបានស្នើសុំដកឈ្មោះចេញ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Withdraw record</source>
        <translation>ដកឈ្មោះចេញ</translation>
    </message>
</context>
</TS>
