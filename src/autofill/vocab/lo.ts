import { d, k, s, type VocabTable } from './types';

// Lao writes words without spaces between them: phrases are written word by word, so they match with or without
// the spaces, as a whole label. "ກະແຈ" is a key, "ລະຫັດ" a code or ID; "ລະຫັດຜ່ານ" is a password.
export const lo: VocabTable = {
  lang: 'lo',
  entries: [
    k('ລະຫັດ ກະແຈ ແອັບພລິເຄຊັນ'), k('ລະຫັດ ກະແຈ ການເຂົ້າເຖິງ'), k('ໄອດີ ກະແຈ ການເຂົ້າເຖິງ'), k('ລະຫັດ ກະແຈ', 9), k('ໄອດີ ກະແຈ', 9),
    k('ລະຫັດ ບັນຊີ', 8), k('ໄອດີ ບັນຊີ', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('ກະແຈ ການເຂົ້າເຖິງ', 7),
    s('ກະແຈ ການເຂົ້າເຖິງ ລັບ'), s('ກະແຈ ລັບ'), s('ກະແຈ ແອັບພລິເຄຊັນ'), s('ຄວາມລັບ', 8), s('ກະແຈ', 3),
    d('ລະຫັດຜ່ານ'), d('ຊື່ ຜູ້ໃຊ້'), d('ຜູ້ໃຊ້'), d('ການ ເຂົ້າລະຫັດ'), d('ຊື່ ກະແຈ'), d('ຖັງ'),
  ],
};
